import PlatformModel
import SpecAST
import XCTest

/// The closed sets the decoder and the schema accept are the cases of the model's enums: a value one
/// side knows and the other does not would be decoded and then dropped, or refused by one and not the other.
final class ClosedSetTests: XCTestCase {
  func testTheDecodersValuesAreTheModelsEnumCases() {
    XCTAssertEqual(SpecDecoder.deploymentModes, DeploymentMode.allCases.map(\.rawValue))
    XCTAssertEqual(SpecDecoder.syncWindowKinds, GitOps.SyncWindow.Kind.allCases.map(\.rawValue))
    XCTAssertEqual(SpecDecoder.promotionEvidence, PromotionPolicy.Evidence.allCases.map(\.rawValue))
    XCTAssertEqual(SpecDecoder.ciChecks, CIConfig.Check.allCases.map(\.rawValue))
  }
}

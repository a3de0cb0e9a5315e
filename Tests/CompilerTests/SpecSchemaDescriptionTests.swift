import JSONWriting
import XCTest

@testable import SpecAST

/// Every description in the schemas' tables names a key the schema has: a renamed key cannot leave
/// its help behind unseen.
final class SpecSchemaDescriptionTests: XCTestCase {
  func testEveryDescribedPathIsAKeyOfTheSchema() {
    XCTAssertEqual(SpecSchema.annotated(SpecSchema.platformStructure(), SpecSchema.platformDescriptions).unresolved, [])
    XCTAssertEqual(SpecSchema.annotated(SpecSchema.environmentStructure(), SpecSchema.environmentDescriptions).unresolved, [])
    XCTAssertEqual(SpecSchema.annotated(SpecSchema.platformStructure(), [("tenants.quota.cpus", "typo")]).unresolved, ["tenants.quota.cpus"])
    XCTAssertEqual(
      SpecSchema.platform()["properties"]?["spec"]?["properties"]?["tenants"]?["items"]?["properties"]?["quota"]?["properties"]?["cpu"]?[
        "description"],
      "CPU requests, e.g. 32 or 500m.")
  }
}

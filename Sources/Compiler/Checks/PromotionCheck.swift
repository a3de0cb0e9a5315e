import Diagnostics
import SpecAST

/// `spec.promotion` of each environment file: the source is another, earlier environment; the soak
/// is a duration; the canary share is a percentage strictly between 0 and 100.
public struct PromotionCheck: SpecCheck {
  public let id = "promotion"

  public func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let order = input.platform.spec.environments.map(\.value)
    for (index, name) in order.enumerated() {
      guard let promotion = input.environments[name]?.promotion else { continue }
      if let from = promotion.from {
        if let at = order.firstIndex(of: from.value) {
          if at >= index {
            out.append(
              .error(
                .invalidPromotion,
                "environment '\(name)' cannot promote from '\(from.value)', which comes \(at == index ? "at the same place" : "after it") in spec.environments",
                at: from.range, path: from.path, notes: [DiagnosticNote("promotions flow forward: \(order.joined(separator: " → "))")]))
          }
        } else {
          var notes = [DiagnosticNote("declared environments: \(order.joined(separator: ", "))")]
          if let s = Suggestion.didYouMean(from.value, in: order) { notes.insert(DiagnosticNote(s), at: 0) }
          out.append(.error(.unresolvedReference, "unknown environment '\(from.value)'", at: from.range, path: from.path, notes: notes))
        }
      }
      if let soak = promotion.soak, Self.seconds(soak.value) == nil {
        out.append(
          .error(
            .invalidPromotion, "invalid soak '\(soak.value)'", at: soak.range, path: soak.path,
            notes: [DiagnosticNote("expected a whole number of minutes, hours or days: 30m, 24h, 7d")]))
      }
      if promotion.soak != nil, promotion.from == nil, index == 0 {
        out.append(
          .error(
            .invalidPromotion, "'\(name)' is the first environment: there is no source to soak in", at: promotion.range,
            path: promotion.path.appending("soak"), notes: [DiagnosticNote("set promotion.from, or drop soak")]))
      }
      if let traffic = promotion.canaryTraffic, !(1...99).contains(traffic.value) {
        out.append(
          .error(.invalidPromotion, "canary traffic must be between 1 and 99 percent, found \(traffic.value)", at: traffic.range, path: traffic.path))
      }
      var seen: Set<String> = []
      for evidence in promotion.requires ?? [] where !seen.insert(evidence.value).inserted {
        out.append(.error(.invalidPromotion, "'\(evidence.value)' is listed twice", at: evidence.range, path: evidence.path))
      }
    }
    return out
  }

  /// `30m`, `24h`, `7d` in seconds; nil for anything else.
  public static func seconds(_ text: String) -> Int? {
    guard let unit = text.last, let n = Int(text.dropLast()), n >= 0, text.dropLast().allSatisfy(\.isASCII) else { return nil }
    switch unit {
    case "m": return n * 60
    case "h": return n * 3600
    case "d": return n * 86_400
    default: return nil
    }
  }
}

extension DiagnosticCode {
  public static let invalidPromotion = DiagnosticCode("check.invalid-promotion")
}

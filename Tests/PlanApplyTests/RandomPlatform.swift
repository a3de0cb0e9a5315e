import TestSupport

/// A random platform that always compiles (quotas fit, references resolve), and the edits a team
/// makes to one: what `IncrementalPlanTests` plans between. Written as text, so the same values
/// can be spelled differently (`"8"` / `"8000m"`) and moved around in the file.
struct RandomPlatform {
  struct Model {
    var name: String
    var served: Bool
    var latencyObjective: Bool
    var minReplicas: Int
  }

  struct Tenant {
    var name: String
    var owners: [String]
    var cpu: String
    var memory: String
    var l4: Int
    var mig: Int
    var borrowing: Int
    var priority: String
    var models: [Model]
  }

  struct Pin {
    var version: String
    var digestSeed: Int
    var canary: Bool
  }

  var engine = "argocd"
  var repoURL = "https://git.example.com/acme.git"
  var l4Label = "NVIDIA-L4"
  var tenants: [Tenant] = []
  /// Per environment (dev, prod), the pinned model versions by model name.
  var pins: [[String: Pin]] = [[:], [:]]
  /// Blank comment lines before `spec:` (moves every later line, so every origin).
  var leadingComments = 0
  /// Tenants are written in this order (a permutation of their indices); the compiler sorts them.
  var order: [Int] = []
  private var serial = 0

  static let environments = ["dev", "prod"]

  init(_ random: inout SplitMix64, tenants count: Int) {
    for _ in 0..<count { tenants.append(newTenant(&random)) }
    order = Array(tenants.indices)
    for t in tenants.indices { for m in tenants[t].models.indices { pinRandomly(tenants[t].models[m].name, &random) } }
  }

  mutating func fresh(_ prefix: String) -> String {
    serial += 1
    return "\(prefix)\(serial)"
  }

  mutating func newTenant(_ random: inout SplitMix64) -> Tenant {
    let name = fresh("team-")
    var models: [Model] = []
    for _ in 0..<random.below(3) { models.append(newModel(&random)) }
    return Tenant(
      name: name, owners: ["group:\(name)"] + (random.below(2) == 0 ? ["user:\(name)@example.com"] : []),
      cpu: ["8", "8000m", "12", "16"][random.below(4)], memory: ["32Gi", "32768Mi", "64Gi"][random.below(3)],
      l4: 20 + random.below(3), mig: random.below(3), borrowing: random.below(3), priority: ["low", "standard", "high"][random.below(3)],
      models: models)
  }

  mutating func newModel(_ random: inout SplitMix64) -> Model {
    Model(name: fresh("model-"), served: random.below(4) != 0, latencyObjective: random.below(2) == 0, minReplicas: 1 + random.below(2))
  }

  mutating func pinRandomly(_ model: String, _ random: inout SplitMix64) {
    for e in pins.indices where random.below(3) != 0 {
      pins[e][model] = Pin(version: "1.0.\(random.below(5))", digestSeed: random.below(1000), canary: random.below(4) == 0)
    }
  }

  /// One random edit; returns what it did (for failure messages).
  mutating func edit(_ random: inout SplitMix64) -> String {
    let t = random.below(tenants.count)
    // Platform-wide edits (12–14) are rare: after one, every tenant renders anew.
    switch random.below(24) {
    case 0, 15, 16, 17:
      // The same quantity, written differently.
      tenants[t].cpu = tenants[t].cpu.hasSuffix("000m") ? String(tenants[t].cpu.dropLast(4)) : tenants[t].cpu + "000m"
      return "\(tenants[t].name): cpu spelled \(tenants[t].cpu)"
    case 1:
      tenants[t].owners.append("user:new-\(random.below(100))@example.com")
      return "\(tenants[t].name): another owner"
    case 2:
      tenants[t].priority = tenants[t].priority == "high" ? "low" : "high"
      return "\(tenants[t].name): priority"
    case 3, 18:
      tenants[t].l4 += 1
      return "\(tenants[t].name): one more L4"
    case 4:
      let tenant = newTenant(&random)
      tenants.append(tenant)
      order.insert(tenants.count - 1, at: random.below(order.count + 1))
      for model in tenant.models { pinRandomly(model.name, &random) }
      return "new tenant \(tenant.name)"
    case 5 where tenants.count > 1:
      let gone = tenants.remove(at: t)
      order = order.filter { $0 != t }.map { $0 > t ? $0 - 1 : $0 }
      for model in gone.models { for e in pins.indices { pins[e][model.name] = nil } }
      return "tenant \(gone.name) removed"
    case 6 where !tenants[t].models.isEmpty:
      let to = random.below(tenants.count)
      let model = tenants[t].models.removeLast()
      tenants[to].models.append(model)
      return "model \(model.name) moved to \(tenants[to].name)"
    case 7:
      let model = newModel(&random)
      tenants[t].models.append(model)
      pinRandomly(model.name, &random)
      return "\(tenants[t].name): new model \(model.name)"
    case 19:
      // The same version rebuilt: only the digest changes.
      let e = random.below(pins.count)
      guard let model = pins[e].keys.sorted().first else { return "nothing (no pin)" }
      pins[e][model]?.digestSeed += 1
      return "\(model): new digest in \(Self.environments[e])"
    case 8 where !tenants[t].models.isEmpty:
      let model = tenants[t].models[random.below(tenants[t].models.count)].name
      let e = random.below(pins.count)
      pins[e][model] = Pin(version: "2.0.\(random.below(9))", digestSeed: random.below(1000), canary: random.below(2) == 0)
      return "\(model) repinned in \(Self.environments[e])"
    case 9 where !tenants[t].models.isEmpty:
      let m = random.below(tenants[t].models.count)
      tenants[t].models[m].served.toggle()
      return "\(tenants[t].models[m].name): served \(tenants[t].models[m].served)"
    case 20 where !tenants[t].models.isEmpty:
      let m = random.below(tenants[t].models.count)
      tenants[t].models[m].latencyObjective.toggle()
      return "\(tenants[t].models[m].name): latency objective toggled"
    case 21 where !tenants[t].models.isEmpty:
      let m = random.below(tenants[t].models.count)
      tenants[t].models[m].minReplicas = 3 - tenants[t].models[m].minReplicas
      return "\(tenants[t].models[m].name): min replicas \(tenants[t].models[m].minReplicas)"
    case 22, 23:
      // A served model's pin (an unserved one renders no InferenceService, so its canary shows nowhere).
      let e = random.below(pins.count)
      let served = tenants.flatMap { $0.models.filter(\.served).map(\.name) }.filter { pins[e][$0] != nil }
      guard !served.isEmpty else { return "nothing (no served pin)" }
      let model = served[random.below(served.count)]
      pins[e][model]?.canary.toggle()
      return "\(model): canary toggled in \(Self.environments[e])"
    case 10:
      for i in order.indices.reversed() { order.swapAt(i, random.below(i + 1)) }
      return "tenants reordered in the file"
    case 11:
      leadingComments += 1 + random.below(3)
      return "comments added at the top"
    case 12:
      engine = engine == "argocd" ? "flux" : "argocd"
      return "GitOps engine \(engine)"
    case 13:
      l4Label += "-X"
      return "pool label changed"
    case 14:
      repoURL += "x"
      return "repoURL changed"
    default:
      tenants[t].memory = tenants[t].memory == "32Gi" ? "32768Mi" : "32Gi"
      return "\(tenants[t].name): memory spelled \(tenants[t].memory)"
    }
  }

  var platformYAML: String {
    var text = "apiVersion: paved.dev/v1alpha1\nkind: Platform\nmetadata:\n  name: acme\n"
    text += String(repeating: "# a comment\n", count: leadingComments)
    text += """
      spec:
        kubernetesVersion: "1.33"
        gitops: { engine: \(engine), repoURL: \(repoURL), path: deploy }
        gpuPools:
          - name: l4
            resource: nvidia.com/gpu
            nodeLabels: { nvidia.com/gpu.product: \(l4Label) }
            capacity: 4000
          - name: mig
            resource: nvidia.com/mig-1g.10gb
            capacity: 4000
            sharing: mig
        tenants:

      """
    var models: [(Model, String)] = []
    for i in order {
      let t = tenants[i]
      text += "    - name: \(t.name)\n      owners: [\(t.owners.joined(separator: ", "))]\n"
      text += "      quota: { cpu: \"\(t.cpu)\", memory: \(t.memory), gpus: { l4: \(t.l4)\(t.mig > 0 ? ", mig: \(t.mig)" : "") } }\n"
      if t.borrowing > 0 { text += "      borrowing: { l4: \(t.borrowing) }\n" }
      text += "      priority: \(t.priority)\n"
      models += t.models.map { ($0, t.name) }
    }
    if !models.isEmpty { text += "  models:\n" }
    for (model, tenant) in models {
      text += "    - name: \(model.name)\n      tenant: \(tenant)\n      contract:\n        formats: [onnx]\n"
      if model.latencyObjective { text += "        metrics: { latency_p95_ms: \"<= 50\" }\n" }
      if model.served {
        text +=
          "      serving: { format: onnx, resources: { cpu: \"1\", memory: 2Gi }, gpuPool: l4, gpus: 1, replicas: { min: \(model.minReplicas), max: 2 } }\n"
      }
    }
    text += "  environments: [\(Self.environments.joined(separator: ", "))]\n"
    return text
  }

  func environmentYAML(_ e: Int) -> String {
    var text = PlatformRepo.environmentHeader(Self.environments[e])
    let declared = Set(tenants.flatMap { $0.models.map(\.name) })
    let pinned = pins[e].filter { declared.contains($0.key) }.sorted { $0.key < $1.key }
    if !pinned.isEmpty { text += "  models:\n" }
    for (model, pin) in pinned {
      text += "    \(model):\n      version: \(pin.version)\n      artifact: s3://models/\(model)/\(pin.version)\n"
      text += "      digest: \"sha256:\(Self.digest(pin.digestSeed))\"\n"
      if pin.canary {
        text +=
          "      canary: { version: 9.9.9, artifact: s3://models/\(model)/9.9.9, digest: \"sha256:\(Self.digest(pin.digestSeed + 1))\", traffic: 10 }\n"
      }
    }
    return text
  }

  static func digest(_ seed: Int) -> String {
    var random = SplitMix64(state: UInt64(seed))
    return (0..<4).map { _ in
      let hex = String(random.next(), radix: 16)
      return String(repeating: "0", count: 16 - hex.count) + hex
    }.joined()
  }
}

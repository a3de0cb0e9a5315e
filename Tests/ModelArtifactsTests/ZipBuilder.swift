/// Writes minimal ZIP archives (stored members, or members flagged as deflated) for fixtures.
struct ZipBuilder {
  struct Member {
    var name: String
    var data: [UInt8]
    var method: UInt16 = 0
  }

  var members: [Member] = []

  mutating func add(_ name: String, _ data: [UInt8], method: UInt16 = 0) {
    members.append(Member(name: name, data: data, method: method))
  }

  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  func build() -> [UInt8] {
    var w = ByteWriter()
    var central = ByteWriter()
    for member in members {
      let offset = UInt32(w.bytes.count)
      let crc = Self.crc32(member.data)
      let name = Array(member.name.utf8)
      w.u32(0x0403_4B50)
      w.u16(20)
      w.u16(0)
      w.u16(member.method)
      w.u16(0)
      w.u16(0)
      w.u32(crc)
      w.u32(UInt32(member.data.count))
      w.u32(UInt32(member.data.count))
      w.u16(UInt16(name.count))
      w.u16(0)
      w.raw(name)
      w.raw(member.data)
      central.u32(0x0201_4B50)
      central.u16(20)
      central.u16(20)
      central.u16(0)
      central.u16(member.method)
      central.u16(0)
      central.u16(0)
      central.u32(crc)
      central.u32(UInt32(member.data.count))
      central.u32(UInt32(member.data.count))
      central.u16(UInt16(name.count))
      central.u16(0)
      central.u16(0)
      central.u16(0)
      central.u16(0)
      central.u32(0)
      central.u32(offset)
      central.raw(name)
    }
    let cdOffset = UInt32(w.bytes.count)
    w.raw(central.bytes)
    w.u32(0x0605_4B50)
    w.u16(0)
    w.u16(0)
    w.u16(UInt16(members.count))
    w.u16(UInt16(members.count))
    w.u32(UInt32(central.bytes.count))
    w.u32(cdOffset)
    w.u16(0)
    return w.bytes
  }

  /// A `torch.save`-shaped archive around `dataPkl`.
  static func torch(dataPkl: [UInt8], root: String = "archive", method: UInt16 = 0) -> [UInt8] {
    var zip = ZipBuilder()
    zip.add("\(root)/data.pkl", dataPkl, method: method)
    zip.add("\(root)/data/0", [UInt8](repeating: 0, count: 16))
    zip.add("\(root)/version", Array("3\n".utf8))
    zip.add("\(root)/byteorder", Array("little".utf8))
    return zip.build()
  }
}

import Testing
@testable import CanteenCore

/// The demo city is Shaoguan's: its canteens, its ID area codes, and elders of a realistic age.
@Suite struct CityDataTests {
    static let districts: Set<String> = ["浈江区", "武江区", "曲江区", "乐昌市", "南雄市", "仁化县", "始兴县", "翁源县", "新丰县", "乳源瑶族自治县"]

    @Test func fourteenCanteensAcrossEveryDistrictAndCountyWithFengcaiAmongThem() throws {
        let canteens = CityData.canteens
        #expect(canteens.count == 14)
        #expect(Set(canteens.map(\.code)).count == 14)
        for canteen in canteens {
            #expect(try SiteCode(canteen.code).value == canteen.code)
            #expect(try TextField.validated(canteen.name, field: .siteName, limit: 64) == canteen.name)
            #expect(Self.districts.contains(canteen.district), "\(canteen.district)")
            #expect((Money(yuan: 12)...Money(yuan: 20)).contains(canteen.price), "\(canteen.code) \(canteen.price)")
            #expect((40...200).contains(canteen.capacity))
        }
        #expect(Set(canteens.map(\.district)) == Self.districts)
        #expect(canteens.first?.name == "风采长者饭堂" && canteens.first?.code == "FC")
        #expect(CityData.sites.map(\.code) == canteens.map(\.code) && CityData.sites.map(\.name) == canteens.map(\.name))
    }

    @Test func idNumbersAreValidAndFromShaoguan() throws {
        let today = CivilDate(year: 2026, month: 12, day: 1)!
        var random = SeededRandom(seed: 2026)
        var areas: [String: Int] = [:]
        for _ in 0..<3000 {
            let text = CityData.residentID(random: &random, today: today)
            let id = try ResidentID(parsing: text, today: today)
            areas[String(text.prefix(6)), default: 0] += 1
            #expect((60...99).contains(id.birthDate.age(on: today)), "\(text)")
        }
        #expect(Set(areas.keys) == Set(CityData.areaCodes), "every district and county, and nowhere else")
        #expect(Set(CityData.areas.map(\.district)) == Self.districts)
        // 浈江区 (weight 40) is about twice as common as 乳源 (18).
        #expect(areas["440204"]! > areas["440232"]! * 3 / 2)
    }

    @Test func moreYoungElderlyThanOldOnesAndAgesAsDrawn() throws {
        var random = SeededRandom(seed: 7)
        let ages = (0..<10_000).map { _ in CityData.age(random: &random) }
        #expect(ages.allSatisfy { (60...99).contains($0) })
        let young = ages.count { $0 <= 75 }, old = ages.count { $0 >= 85 }
        #expect(young > old * 8, "60–75: \(young), 85+: \(old)")
        #expect(ages.count { $0 < 65 } > ages.count { (70...74).contains($0) })
        #expect(old > 0 && ages.contains { $0 >= 90 }, "some very old, too")
        let mean = Double(ages.reduce(0, +)) / Double(ages.count)
        #expect((68.0...73.0).contains(mean), "mean age \(mean)")
        // The ID number carries exactly the age drawn, on a 29 February too.
        for today in [CivilDate(year: 2028, month: 2, day: 29)!, CivilDate(year: 2026, month: 1, day: 1)!] {
            var random = SeededRandom(seed: 11)
            for _ in 0..<500 {
                var copy = random   // the same state: its first draw is the age the ID number is made for
                let drawn = CityData.age(random: &copy)
                let id = try ResidentID(parsing: CityData.residentID(random: &random, today: today), today: today)
                #expect(id.birthDate.age(on: today) == drawn)
            }
        }
    }

    @Test func namesAreTwoOrThreeChineseCharacters() throws {
        var random = SeededRandom(seed: 3)
        for _ in 0..<200 {
            let name = CityData.name(random: &random)
            #expect((2...3).contains(name.count) && name.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) })
        }
    }
}

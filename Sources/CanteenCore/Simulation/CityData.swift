/// Names and numbers that make a simulated city look like Shaoguan (韶关): its fourteen senior canteens across
/// its districts and counties, its resident ID area codes, and the age spread of its elders.
enum CityData {
    /// A canteen of the city, with the contracted price of its set meal and its seats per meal slot.
    struct Canteen: Sendable {
        let code: String
        let name: String
        let district: String
        let price: Money
        let capacity: Int

        init(_ code: String, _ name: String, _ district: String, yuan: Int64, capacity: Int) {
            self.code = code
            self.name = name
            self.district = district
            price = Money(yuan: yuan)
            self.capacity = capacity
        }
    }

    /// Shaoguan's fourteen: more, larger and dearer in the city's three districts (浈江区, 武江区, 曲江区), one
    /// for each county town, where a meal costs less. The codes are the towns' and streets' initials.
    static let canteens: [Canteen] = [
        Canteen("FC", "风采长者饭堂", "浈江区", yuan: 18, capacity: 120),
        Canteen("DH", "东河长者饭堂", "浈江区", yuan: 18, capacity: 100),
        Canteen("CZ", "车站长者饭堂", "浈江区", yuan: 16, capacity: 80),
        Canteen("XH", "新华长者饭堂", "武江区", yuan: 18, capacity: 110),
        Canteen("HM", "惠民长者饭堂", "武江区", yuan: 17, capacity: 80),
        Canteen("MB", "马坝长者饭堂", "曲江区", yuan: 16, capacity: 90),
        Canteen("ZS", "樟市长者饭堂", "曲江区", yuan: 14, capacity: 50),
        Canteen("LC", "乐城长者饭堂", "乐昌市", yuan: 15, capacity: 80),
        Canteen("XZ", "雄州长者饭堂", "南雄市", yuan: 15, capacity: 80),
        Canteen("DX", "丹霞长者饭堂", "仁化县", yuan: 14, capacity: 60),
        Canteen("TP", "太平长者饭堂", "始兴县", yuan: 13, capacity: 60),
        Canteen("LX", "龙仙长者饭堂", "翁源县", yuan: 13, capacity: 70),
        Canteen("XF", "丰城长者饭堂", "新丰县", yuan: 12, capacity: 50),
        Canteen("RY", "乳城长者饭堂", "乳源瑶族自治县", yuan: 12, capacity: 50),
    ]

    /// The canteens as the simulation takes them: code, name and district.
    static let sites: [(code: String, name: String, district: String)] = canteens.map { ($0.code, $0.name, $0.district) }

    /// The first `count` canteens of a simulated city: Shaoguan's fourteen, then numbered ones (SG15, 第15长者饭堂…)
    /// at a drawn price and size, for a city larger than Shaoguan's.
    static func canteens(_ count: Int, random: inout SeededRandom) -> [Canteen] {
        Array(canteens.prefix(count)) + (canteens.count..<max(count, canteens.count)).map { index in
            Canteen("SG\(index + 1)", "第\(index + 1)长者饭堂", "韶关市", yuan: Int64(12 + random.below(7)),
                    capacity: 50 + random.below(8) * 10)
        }
    }

    /// The ID area codes of Shaoguan's districts and counties, with a weight near each one's population (in tens
    /// of thousands), so that a simulated elder is born where elders live.
    static let areas: [(code: String, district: String, weight: Int)] = [
        ("440203", "武江区", 40), ("440204", "浈江区", 40), ("440205", "曲江区", 30), ("440281", "乐昌市", 40),
        ("440282", "南雄市", 33), ("440224", "仁化县", 20), ("440222", "始兴县", 20), ("440229", "翁源县", 33),
        ("440233", "新丰县", 20), ("440232", "乳源瑶族自治县", 18),
    ]

    static let areaCodes = areas.map(\.code)

    /// The age bands of the elders (60 and over), per thousand: most are in their sixties and early seventies,
    /// few past 85, as a census of a Guangdong city counts them.
    static let ageBands: [(ages: ClosedRange<Int>, perThousand: Int)] = [
        (60...64, 280), (65...69, 260), (70...74, 190), (75...79, 120), (80...84, 85), (85...89, 45), (90...94, 16), (95...99, 4),
    ]

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟温廖邱赖巫丘")
    static let givenNames = Array("秀英桂兰玉珍凤华明志国建伟强军平芳丽敏静淑惠德福寿康荣耀文武金银宝月霞云红梅春秋冬雪松柏")

    /// An elder's age, drawn from `ageBands`: a band by its weight, then a year within it.
    static func age(random: inout SeededRandom) -> Int {
        var draw = random.below(ageBands.reduce(0) { $0 + $1.perThousand })
        for band in ageBands {
            if draw < band.perThousand { return band.ages.lowerBound + random.below(band.ages.count) }
            draw -= band.perThousand
        }
        return ageBands[0].ages.lowerBound
    }

    /// An area code, by the weight of its district or county.
    static func areaCode(random: inout SeededRandom) -> String {
        var draw = random.below(areas.reduce(0) { $0 + $1.weight })
        for area in areas {
            if draw < area.weight { return area.code }
            draw -= area.weight
        }
        return areas[0].code
    }

    /// A valid resident ID number of a Shaoguan elder whose age on `today` is drawn from `ageBands`.
    static func residentID(random: inout SeededRandom, today: CivilDate) -> String {
        let age = age(random: &random)
        // Up to 364 days before the day `age` years back (28 February for a 29th in a common year): the age on
        // `today` is exactly `age`.
        let back = CivilDate(year: today.year - age, month: today.month, day: today.day)
            ?? CivilDate(year: today.year - age, month: today.month, day: today.day - 1) ?? today
        let birth = back.adding(days: -random.below(365))
        let body = areaCode(random: &random) + String(birth.year) + String(birth.month).leftPadded(to: 2)
            + String(birth.day).leftPadded(to: 2) + String(random.below(1000)).leftPadded(to: 3)
        let check = ResidentID.checkCharacter(for: Array(body.utf8))
        return body + String(UnicodeScalar(check))
    }

    static func name(random: inout SeededRandom) -> String {
        String(random.pick(surnames)) + String(random.pick(givenNames)) + (random.chance(70) ? String(random.pick(givenNames)) : "")
    }
}

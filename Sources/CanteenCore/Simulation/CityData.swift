/// Names and numbers that make a simulated city look like Guangzhou.
enum CityData {
    static let sites: [(code: String, name: String, district: String)] = [
        ("GZ01", "越秀区东山长者饭堂", "越秀"), ("GZ02", "海珠区江南中长者饭堂", "海珠"), ("GZ03", "荔湾区逢源长者饭堂", "荔湾"),
        ("GZ04", "天河区石牌长者饭堂", "天河"), ("GZ05", "白云区三元里长者饭堂", "白云"), ("GZ06", "黄埔区大沙长者饭堂", "黄埔"),
        ("GZ07", "番禺区市桥长者饭堂", "番禺"), ("GZ08", "花都区新华长者饭堂", "花都"), ("GZ09", "南沙区南沙街长者饭堂", "南沙"),
        ("GZ10", "从化区街口长者饭堂", "从化"), ("GZ11", "增城区荔城长者饭堂", "增城"), ("GZ12", "越秀区北京街长者饭堂", "越秀"),
        ("GZ13", "海珠区素社长者饭堂", "海珠"), ("GZ14", "天河区沙河长者饭堂", "天河"),
    ]

    static let areaCodes = ["440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114", "440115", "440117", "440118"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟")
    static let givenNames = Array("秀英桂兰玉珍凤华明志国建伟强军平芳丽敏静淑惠德福寿康荣耀文武金银宝月霞云红梅春秋冬雪松柏")

    /// A valid resident ID number of someone aged 60 to 95 on `today`.
    static func residentID(random: inout SeededRandom, today: CivilDate) -> String {
        let age = 60 + random.below(36)
        let birth = CivilDate(dayNumber: today.dayNumber - age * 365 - random.below(360) - 10)
        let body = random.pick(areaCodes) + String(birth.year) + String(birth.month).leftPadded(to: 2)
            + String(birth.day).leftPadded(to: 2) + String(random.below(1000)).leftPadded(to: 3)
        let check = ResidentID.checkCharacter(for: Array(body.utf8))
        return body + String(UnicodeScalar(check))
    }

    static func name(random: inout SeededRandom) -> String {
        String(random.pick(surnames)) + String(random.pick(givenNames)) + (random.chance(70) ? String(random.pick(givenNames)) : "")
    }
}

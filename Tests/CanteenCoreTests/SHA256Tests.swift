import Testing
@testable import CanteenCore

/// Deterministic pseudo-random bytes (xorshift64*, one seed per length), so that the expected digests
/// below could be computed outside Swift. They were, with Python's hashlib:
///
///     M = (1 << 64) - 1
///     def message(n):
///         x, out = (0x9E3779B97F4A7C15 ^ n) & M, bytearray()
///         for _ in range(n):
///             x ^= x >> 12; x ^= (x << 25) & M; x ^= x >> 27
///             out.append(((x * 0x2545F4914F6CDD1D) & M) >> 56)
///         return bytes(out)
///     [hashlib.sha256(message(n)).hexdigest() for n in range(301)]
private func pseudoRandomMessage(length: Int) -> [UInt8] {
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(length)
    return (0..<length).map { _ in
        x ^= x >> 12
        x ^= x << 25
        x ^= x >> 27
        return UInt8(truncatingIfNeeded: (x &* 0x2545_F491_4F6C_DD1D) >> 56)
    }
}

/// hashlib's SHA-256 of `pseudoRandomMessage(length: n)` for every n in 0...300: every padding case
/// (0-55 bytes left in the last block, 56-63, whole blocks) for messages of up to five blocks.
private let pseudoRandomDigests: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "c555eab45d08845ae9f10d452a99bfcb06f74a50b988fe7e48dd323789b88ee3",
        "e50a1df5cca06d1b20d6d8f705bf507b26ce056ad911e600f981fcc01f446b4e", "85d988233724d9aebf843270c47a0bb0231963e109ce81087f5f049c7d5b95a4",
        "93f4f74936385eaa5a08ae50dc82b41b2cac41202b813f3525035fac7e1e8274", "ed7314ee072956fcbd27acce71d21034e4f212ff641ee09144e99d9db172b09a",
        "b680438b6cd5e95fb200d82e278acd8426c6347e69670c77af9c7b0316b333fa", "21a2cbc46f755967248947a0db74092a13e06fec07b95d2efdaf8132dab963ab",
        "547f4d683148af0e03f8513eafa9a9edf83462148e711f27a6dee9054c0dc3bb", "1bcf01b3d4102192e0ec2aae6007e843791c2df0d1b255a0f2d4e0c1807c57c1",
        "b3afa00adc733cf4a3c2e17711c2900cbaae8c0c0c54533c1443e8b0aa6257e4", "79eb5c6e3dcc625dd9e3f90d2dd2412e9eb82f5e6fde2a1259cef2bb3916a6ca",
        "574c8c0c77d0884399d008ac2b9801cd6782bfb738701f7c94d42f95567ba220", "6e6b335fcaa41214ff05f9310efad530005a7787a67ff55928856e7cd2b35684",
        "0a9f1dde7d51a9b7d154ea8e24df24a0c9385b1e51e369ecec95f2eb38e73b11", "79b78d97b48ce5f38a9a95fac93232e313376d7d7abeaf447b5db9b1b73b98f1",
        "f5a5fe82f953cb8ce99b505f8e94238ea16e3d66e8b6c833272e84557fe2d814", "05b4a46bf05f294878e461228ea28ffdf77bdc2a5e0a37d1411e2985e4eca178",
        "182b52d494aeb3f60214f78d093b06abdb549f3e2a0b5596b98ad6d3291924d0", "b08f7cebaa4c592cacf83a3f90cb54c1ccda84c760350fd52c9766821cf0ae57",
        "78588e5ac11177ac404c729142ef7fec3cb0cb3414d3f571a7868f182498ea17", "2886177bc2c997fedc451ebccb47e9c5ac711c6f16cbbdcd05ecb5bde14a8425",
        "cd4daa3b4822b90bf5bae9cd89a16745f64bd3c2fef6d73fa2ee17938b476b7b", "b6697a20a6c9bd71d0ea03f3475d85b3af0cd9c68f7d27de9d1eb79157754ce3",
        "fce628bee0687d3bc8b528755ef8ce540bc56bd5c211af6efcb612009fc6d4bf", "d81eba4db7ff09bc928380e05bfc86a3b0fb29a8b230cdd863456be4607f2fd8",
        "5c1e001ade378b9a5804806e9f11bc9573423f7ce144688caa808f14f3b6c01b", "6252146cb08dd2556c173e872765612acffe7727e646b6608eef33c6d8973640",
        "80c01c3d76f72f374afb9304f4a29f42fea30d1b0ab1be76f7202ddfade8aabe", "33e5e4b79ca0f025c55356886935f2aa9669ec2f9b36e44fd6280a6944aad7e1",
        "d3217aaee877f3a558eea7716a190d7d8fdf38022d3ea51e79d0c632eee95f8e", "b7b89334ff23d91807474933c0549a6f4e7bc59051f538508d18a466e712c746",
        "e958f37547c35e82b4273193f67df61918f52eca9cac751ef619b046af2057be", "300220637a7a353237068696a14df36fd637368c8d0172f59634a510276ad11d",
        "a6081d650ce3cd9163a109c2c6226304a6c5a75c6b2053f6e0ee6d5f49a794a0", "0a502634ebc53d4c9dda62c65af05ab703a2e66aec2d609b54ad151b4ac4dbaa",
        "8596fe8c200308296ce62412b7b380f84eb9204f5718309aba07f82f77d3cba4", "d57c47fc6a4873a7d3de7461a2e66382e31901e85b4143ee1de1a70bebbe805a",
        "e5f643a6127318ea3973d9107468c92fb53aac6627f420e6a449e72dc9496aad", "0d3a2d9df068fd2222b9ac1c00fccf3d10f2002c9492eccbc25e5e3b529dd4ea",
        "b661a26d2a69dd0b5173bf7d6cc8dad5b04352f6d1ff236ed35a38587df43bc5", "091be04d2c7243305650510cd0ca5c300267d2eae79cfc61dde5bcf20143010f",
        "25355b3f75a93f0f4fb88f7772da17d5f1e2a8be5394bd156a3463cf5bfd4def", "be79537efcd397205628705091080731d413e018e90e65b51b6089e3305a6db3",
        "70e1a7bb7d46c05210af6ecb886b86e201cf6ab390e94d5915bb06d7a9299abd", "da87949de4025a986c297d51726522d95fa13333afb00b0a054224e0e8573900",
        "97e4c08baf6cd0ca111bb4dbedd12a2767fd187b5db50383d71945985993f385", "93400d12ccd25957cc036c1a37a4f2d3c87414460eefe6f54f7bc0993acb7b39",
        "b88c8863625b32f9b2bc7587bb096eb463905c7f2ec3e65954cbf8ec5c7c8503", "b607fa211c8693bb62023ed509e8cebe12f40c772d10913e688223231c5d47a9",
        "fabd08c56fc669d6d7c17f36eeac9d291ecce38964af7fd9eff7f68eeb9de006", "e4bf11612fbb2e8fd85d3e3a488f7b28b09fd91e60e4c6e0d56adf6b27ab76d3",
        "07b245f83f6b8b62b6d776117790017e90270e04cb5b70644a55a93adad4d17e", "5029af8f7d73c200f7e269ae8663ed4adbc2fd0e6cbfbf82e3d3e66c789324ef",
        "385edb6c0b2a930641ed50d039cd856a215a2d50a725d9a3ba8036e4a509c714", "0b43a79b55dd8abc945af4d7048fe7b78db495dc696490e1de8190805c302a65",
        "f52529bcb5ba5073cb0204830931bc52c59a3f3d50e2663948ff15fea4e97c42", "33d38593ef53c899960e9174bb02f3307414f3a6886a19bec4389345bd349412",
        "85535ca5343526cf4460d435d04e21cb6479e598ba25d9a241f4a1074d56a754", "fbb6197841a2503563109e06c122856f05c2d2538655708ffba08a7a99ad29b9",
        "a891b73579fe29283b29a3baf4b5a277d2c3ea000f80adf7d9accb9ef5fee177", "0e3e03094551e3c965d06a9c303755643faf3aee6174fd7e8558d5579198feb2",
        "a35d5ef159f2e0f7ddf4d489a58124b229980ceebf95613cb312e9167e9c4c66", "8e09b4dee97df5ac0dbc8237dfc819f3b8d501fbc95990bbad77558828d377a3",
        "79eb1108827cadce7e98a977a5513e94e8c01992dbfae19e44d929886e065f07", "17db817b4fc72bb1d3ae3792e34e747b4559d01491fe7a5a0bbbfe7b9c4f4e1d",
        "29de2dc5f559f63ffe95821d822e13622a57d6b59ffef047d77a7299cbf67064", "bd8aa2b8089f9c8c38a7b43e2700caee0eb67c26210dbb7e7a90a29326500cb9",
        "9989c24561d44f58624a2603145aec4f3e72e9c031aae00a71fe20a20e052fb8", "8bceac9cfcdc280244dc67d3990a0dcfd9065f1137eff63f1b27f1bc1d8f457d",
        "b3443988cfd7794e0374f778bb4cc9ca7406fbb25ec8dd6207f96cca59921672", "cdf50421470ac0e1ac735c1557dfce9e0eb4361ab79bb9fd1ec1ee82b1ff63c7",
        "76bc179ff582b2a448e46cdead663e1d513ab5a98c28630e9b69188ffa43d138", "09448aca0d173e5d397e1673e41fa9cfbdc3dc9f2116e93f9b51a435dcaaa5a3",
        "3d7390feed08bac24a034384cd4f2346e1960deb5872749bf87908b21d75895d", "81cea55ad0c1311546658d94e2e89176535fed218a454dec9058ea4f73b1366b",
        "6fed852d11f6803e486d836acba9d509b10ceec69f9f1c7b45b535e5d50c3ecd", "376106bf236a63c3c41af74e34235cb3d301cb1bd30b34846a8894c317afd25d",
        "29d606a1776ddda07d8ee73f64fd62f41b2f8d7da6e0ee5f53c0f8aaeb19667a", "5214e75469d6d27a8aee1c300c54e3cfe9073930eee66d6b048e3ccf3d17413e",
        "79c19e13ff025e1b55585c405870f274f8c0d26d0325e896aa0ba61a288fd13f", "fed8d39d8cb1798266a2a7f316b913da5eebdf7ad4d045f8203af3df282f1e52",
        "ab4103e6d97ebb4e2892246cb159815ee9b344c5a14ef0f0ffccfa87f05fb5dd", "219f1817811e23ff0caff292338602f5f44d32dbed3611f8961ea19623781a25",
        "daa71ab49bdee3630685346009ed2b7f455834be424829529a6a3a460a866982", "00de9cf6758b4a51ef00132d22ee69788c03f79715a8e42a0204a815e951f60a",
        "d10ec07e724bdc443af0d690c803ee363cd796fd1628fb935b0b8b257b5ee0f4", "5f2da9ae85656fd16aa7a52c881dc1ab9ca48e624deedec846e069f5b66df97c",
        "ca6fe81f26b4675a112fc76aab4d43bd37a8637b045e10ae382bce03a088de84", "57622712ac32bc92be044311d3ef44d48b649abc123b4add26b08cc94075ac2f",
        "feb0bf5406c02e7572d6616b6added754b41da80e4bb99af20e6cfc58a040811", "d83ea5befe55189e0332be5f5057767277d7d1bd31c2091f226c256fe1c0f0ca",
        "cc8f504fb8308f4b8213891af3f5f18da6d2c3fe654005990191d1bd08aabc84", "b4deb68cd1a3f5874d04c38108154f3ed2a7e1e878d60cb5bbff9b5788be9225",
        "5b06ee030be83f63141b83bba5fc5b9519bb8833d7f65671657cf1fe5e0ec708", "435ad804ae2a7448808b3b04bb945cf0490d3f56e3ebd71d1336081dbde99536",
        "f95d7c8dee0892c9b37b60af0dc18f8d265952ec86543f40995430602fb54d39", "6363c0599d6de8acef9d8b11ce47002886e879ff78c7897ab871d546148400de",
        "b00aaa119d9c44d4a80b880c163ddfe5d650652a1d9a33af83e43e4f5ea8e1ad", "218bb8fc4b31a1938659b9ba982553e46675dc03b69fba27a8330700a56aa2c2",
        "fff9b73bf9cde0386c1aef2d4cef6b7e3e46bc9382c9b3c38b8ed78d813736eb", "75aaeb74d1c0e9a8853dddde8f37ffa1bf6499e8ab72be1776fb47cbf0351a78",
        "d5755c4875effa07d8539b23897e23cca23b14876119a91c9d3530778c125c70", "c9192e2d87fd1b6cbba567023d9437c8436b09a794115b7caff0afb8c37654b7",
        "45c34b20405ca07344a3663d19f1dbcf03f85d86840925cc712e335f1b6a06bb", "6dd2dba199a6ec62ea3ef266731272b95b8361e8eed2b850dfee048dbcfdf287",
        "a31f68571aa8523249a89b77b2984498afabe4a64ccaf677fbe25b5827ec7445", "864f6b3f390d7978130440d7056ca47529ee51f47323fa928aa80ecd9985a4c0",
        "a57aae1a62aa237355cefbd90e8a3b464ae5758779313457b96a804ab2a82c60", "3ad0a4aadd7cba7bda8a5535d1004ff6ea8fd98adc67af6f924a8178613b9767",
        "160e6b0ee7313cf1d20fd6ea732e4e559d8056bb3a0f6ce2ffd90d8bd7a78843", "7dce797a98bb4294cce76e96cd1cdb6bebffddfc3497c5c1aadaa08afc326214",
        "2748ae4051d25460fb08944667c2102b1d9d0896f6ef471b4ba321c4b53d7bd8", "5adc23304996ac73a4ec135c7d8033318af157729940b777200e3b22583bae3e",
        "abe8d6e0aaa20de4f4bbd991231b6b778a5b7105dbcc820043b255246a33d310", "ebedca690c54f24508cdec3b0f45ed409e03da844e471345334dc34665410c97",
        "94c4b08af3da0a33d1197830b0a93a366d074a4032af2566c7e88f71a5e474c0", "14b0bce60c1d48a5241b556e51f0f6cf188108fe40ab014419a50815d97c6196",
        "c28fa682e7f1ba24b81d6786bcbe150511c9c1caa9222f0b06df94dca3d282eb", "7d4322645c89929c831129b9c6a0bd34adc407ceabb83e7290cdbff85041e12d",
        "d1ea64f34cf5be6736e3af0e29b39182ac9a445bd507d16d38738569b29fc4a2", "49943f53291c6253727fabbda2e24b838c044883059e24afb430beb4975470b5",
        "46710375732d0c293ca9139a6cf1f227f43665aa6ae722d18d365cc79add7e8e", "3f273229d15c4680d20acc5b82a32bc04ac5077b1d8893b38e5a886e30846149",
        "2d4fd5a00b484eebffa72ce66c82366846317c474b9a300f413f0d30159b0575", "7524073da4a7868d6c5882fa31191df1bed088da735891f7443a3032de6a02de",
        "64913c6bb00e0a2310ad60558fb2d75302f2468c93393cf2a1195cac89cd5320", "eb19a996ffc20ba7a0f3b218afd8112cb782cd2b7f4da688302428cd2e5125a2",
        "327f5746b90b05e2a09db07d9c42da56a73474dacc96c3350d7a512fd8fe4002", "c410ef2e60876e3bbab655b3fb1869bf243144bfac737fc278c84055ec9db8ae",
        "9bcb5423bb81d3ec4e8ec3401172c8b77056a42e32be8c5155e63327ae209a47", "667a0eb8c6ba1dfe3c89dad22b982b2b1406e8a83ff2fac50d559ecb927f640d",
        "e9cfc3cd2a94139901ab36d902092de7b6927cb7f59abd4d92204306f1aa82c8", "5639496708e7395960dd4c0c62a8d8c92fa0dc416e524631b0f36bc300bba777",
        "5dbfd24b835d6ad6d23b3d02db38134bee16ac638536473afcff35eb4953f5e8", "5b858b66772ae68588c1db9f626e1be4af02a015d67ec203ed7588cf2e994472",
        "6e3a2f6ba3bdbdf370716d6b896b3e0ad35c5e17b6fd8699b5f50f7450e93ead", "f362b2fc0722298dee5cd6ebf40dc36203c465da0a2f438833de4de59b83453d",
        "59a801aea829f574a8193ec91a7bdb08ba1723aa8960a13f8d96e1ebc07fc438", "4d77447eec18b777e4cd35fd1078165e854f2fbf95f8b5a3459f96a4a97363a3",
        "9baf5194b1131a95c9c2559b140cfbe1f595411d29cdb9fd22ce58e9d97c8de0", "781efdb305745075c89d3a325f5f8276c061ebc9189d619bf699b1d0c7e928f9",
        "a97552aa2e29e42ddb862d7f4012722627f1a40350e1fa82d02479b3b21ece9e", "003ba8894ea4f231317d883dbd4fc45f7bd42ed8cb34ddd0aacea45d3f446479",
        "1cfb22e7275b3dd4c55a433dcb24f5ae061d60f7c002f1e8d5195ec0708c13e0", "419f151ceaf8e4ecea34a4d0e604e3d16adc7dcacbc4f99175fe6b245d6f63f8",
        "7805782c48cfadaeb6aacca52bddc2dac31a3af03c3de26cc8b1716241bbc0a6", "baf253aaef5f4aded41ebfb1b37e63cb8c579c572ed9ba1cf5f309d1bddfaa6f",
        "63059c7c1737f408d1b5d6eb7129621b6aa1b3b5c8d945901866fc48b9536516", "06224a7d5e33ab3df7c9349a18b673968dfeb3ccc3a115cae4fe02e97a0cdca6",
        "bc5b06ba5cdbe2957a523fb9ac62b5ef6489e7deba247320a8d8da403e72e3f7", "0fd184bd91d268ca473360d10af9724d63bf9ede0974dc37647b30328a269192",
        "303b266112825eb41999d2921f71a75de633b0090140e9ce42f38472e3edcfb6", "9e4db84545cbef1d6df2c61ef7a1f23aee055ab05efbd6cab35fa1a321388e0d",
        "ddcf7e3496724bd8c5a2820e3068326e008a884a85e4d4552f992e2ee642eb37", "509887685bb1925d6e88cc0b353e3ba196c81ce4d7cbe5326aeaa872610371a8",
        "45eb0d57c53fda1f7a2f169142a62fe5c452be661803db4597e1d03cbae9812f", "91a4e6287d3524ffabeb85752dcd5e723ea5e5cfc97b5a97037f1c731c2f1e37",
        "4212c975821d3addab36cb243e8181febd6aaeaba78c4785b0e1098f08dece9b", "a37485b44badaeed390bcfcfa7b2fa4508e5c5c3c379801fe6a0f64405465af6",
        "0e7618ff3416bcc10f0433f5afd97aee8a1b7ce41b1e256ded1ae6e7a2506684", "09a2fb9362b00cd373009c56cb1eee3dbf58294cc070fc27ecc5a9ba353c6e33",
        "f1491ccbc892aec89885192da52459cb0882a49d8e8645d2bf2a5a2a0306d4c6", "751a48483f9d36c97217367a4380dd2aef6633f26a0ccc1ba854243971d34a52",
        "4ceb58b2ac581aea9c4e8645d1745b6b8150d44bddd0dede4f85d65688e70a41", "6d8dc1de15aff2d8347370b72fa26877c12cb03bd2f38864389c49453c47f796",
        "45fa63c8b8f27325c114f15ef003c2e3d03edb332cddd6e54bac4ab1c7d81d65", "3d31ea3ddd8551eea8b260223d90c95e238585a8d4762b6c4cd653c8b664973f",
        "00d3ee43f33ad5b5e658aeb8831c042220fb75e2c4a55a2811a898468552701e", "54bad23c0e6f5dddb385ee2ddec32ba39eaf2f1c2f0329bbd9e7ecac1ebe8843",
        "dd5481179604b93017082e574ccab3a32306757abecd2cf7eb1af5920c85b78e", "98a51e61859e2f16928ccff236df2a2ee752f4ddd6286f74ec58f172a1f3f606",
        "ff01923fc7f8cf89f64c8a0a69f7302ae06170b99669117e3cc3c80d8451a5c7", "f5a2043f4e1bc4a6c1a130cfb651c5624f149276dd9faebe6fbb9c497bf83fb9",
        "1a0636d9dc6cf70786dfaf50274f3c7477b91fa4b9cbe9a77e484b2bd5b266b6", "0a3154b82722d0dfd9ca7542ee198253d19f8503b233001805760c2e34b590c1",
        "5aed3e23b4fa4177b058221509f27a09eb6f058c20f207b5d1cecfb1da8eba17", "94ae9a4e12a6b506ef22e96fb6cd60b5f477ae06c7249155409ebd959bd87fc8",
        "9cbb46eb0d5a0d0c2b974891d78b64ea2cef0a2173f7378bc63645d9cd4aba1b", "c2f64c9ebbdcdd34992755af5ef36e24c0ccbd1d4aa9200df39a6833f883010f",
        "753109eca9fcf1a2fa97aa59376de74d5bcb78c2106da9fbde81fc16c09fdba5", "686c9477722bd3868ab8c4704b47d30c4dda78fdf68fadea9721873e04ce7056",
        "ae3816072e9346f01bf4cac1d42250181b315ca77f35a71ad1e24ff38541d63a", "6a33aa4cdbbfb1458812b8f269d961ce43b1aac7347f98c674a3ebdb3b2c4884",
        "ab2fde160c94d653bf5f2f662601c172bde2556837205c28c94230c0629d8b50", "88a791011a31dc299984bc0694b0c4dddd3b124f56dff27b399bbbf1c3f42936",
        "328d6748c0c8f4dceba876acc92c515be9c898c401b11613d2cca8739ee7d858", "cf3e0c43fbed8aa9b412a50bb561cba6d10bd2d1d06a6364cc3cd83bcd89cd4c",
        "6396d7eb85c10862d0cba6b19b625e8d47952189fcaf62badfebcf619ac92753", "f20488fd6239d6757db9b77a5049c4ef00a5a907d3ff5caf9b894e9991570558",
        "a4b423dfea24ce3b6820a4ffed477d379cc4cb27715c5331b860572b507cd054", "3abf82cd8fd4aff1f1e5fd6b96bf7962590fc4903394ef297c8099daad7682e0",
        "85c8c4eb4d0cb7d621c76bd18f6ae8552879531dd37d4c674a8b9ad306bbbbbb", "5defdbcc66d302cfafdedf4eb9579a132c594997479eb3309b2a7402d576ea67",
        "8ecc704e96aeafafd7b7261e34e89acc61f1b986f12266f133f686e6e9a6db68", "64973df1329e5a6e366357f4b0b7b6c67f8e27db74734b67323ddfc7c27eb60c",
        "ead7f35d6255f15e6f143561f1a80949149efa1c40b8ffe3abba02a169799f53", "dfdcb0b8213a31dffb78b7798cc12752d7aa2dc901f958341717990f74cdf59a",
        "2191237a87e2ab320387c528cb8203e8580571d231950aaa3ef1ae1e7f4b6922", "8fb009699a86a52ceb746d5edd19006e1f7aa8be9d55e866a158d3d8792d92db",
        "46d11cd55eb4adfcca20f502c6c1f9362e376023e929ea2ee5a851bd421619ad", "5af65c884018c096c851dbbba88edfa87835cb8c9abf617dbfc9a1ee3165af71",
        "83c429e07f718e815724681ccd859f55e4c618f27363b11661dd1530de94c415", "36796ebb4e2643049a2bf4a3d5817901505672691b50947423baf8726d836469",
        "54f44612d7320e7a3e01ed878088edde276dccade608302826e247a0154fd185", "469bd61632cf9864e7240083294c97ba71c41e9ba6ead80b1eb8964cf5db0d68",
        "5545a3b4ef9fb57be0b5fb5aac18d68cd70f4eccdccba907000af56767df72a3", "3473bd05876789a7b967c626c5a1e88209e5d1e75b2c92e5f5e8f81211877966",
        "2345d1d6d2ba31d7a182f260f9cedae0b6a96428392932bdb6ed76c2c818b69a", "8a43fb39a2c51a11fe844195d7082ca03b6b1271f0b7bca03fc1d1b0964fc241",
        "5db2c3814a9409f4f3595ccd5e6a672601ec0168f0fec3687a9c2f1bb2ef9678", "1f7fb2e99cc9c708484394df044b8ff88b191d5554879a255832228ab97e0500",
        "4c48bbbc43f20f0f2de6ce5fea3aa8e4b82c925ae6ffb133eb8c52179245c5cd", "85abf3fe98e8fd96617dd12daa4b352f3fb82bba87b4d3c083f64983d2b3d40a",
        "c58e787c88719c86b85e6032453d473931e4eaee68928c4cbb0b16836e188b31", "0b865cb572923bfbd097bf4fbf8582301cde81339c8c5d347f5298632085c097",
        "7591241585eba5da4d52d362fdbca97171cbadb412d6f7065d87db70d5344977", "da13360e0dc9f6c20d8338a43e9783e6cad8ec293642484aaa199781081fb317",
        "5f9bf8846dbb7f6069f613cd786f800436ef347b6f5eca1a81f63e9ecbedc5da", "5540091df9fe38ae425edcaa91b820fc47cf1dbf588bd95113dd6d6fedfd1cc2",
        "d1bc4bcaab29a49df434100d6f37adee6aefdf1d9763e0e18a38ef4285a73b5e", "3ced456e497c735f5391b497dafda5e52e6d0fc4004eb77c199f0b9478766c38",
        "d864e2b7a0e5a2ef97ba3b5e9482908e974c3e2a5d7cd01d7b86c817f347b95e", "04993105e681cb69a3209cb8b82aec1ddc7b60e96ba1e81aa19b99cb9bfa4d56",
        "1309c708fb8c081197b30790ca377703e35c7ab2c6bdb3ce1107f0072c7a2eb6", "96a68ad72c7fb90a5e7a0018f17bdc2b80c6116af71f52ebf8acb41650da15e3",
        "df9cc9d10104c6ef80712679ed07fee5e452695afacacfb1cce9c960d20d903c", "e285e4f4714970d94dd76f073f3d6cc0eb26b47de84fae976986c2c8bad29163",
        "fe6430f324564eff5a1c27b9d770a9c057b6e8a0dc7936e5f29f2b9dffd12499", "bf5e95d2638068db052c4691d5528c01f46537edb22becbc3e3ea0147da1b6ed",
        "9a0576f7edee62bc0b0a73db806757705b6e5d8b66bfa49eae19409a3ed61cc8", "44afc54aa35b368b10ac6963e5273d6fc1b884d796ce5a8acce616711cb36c00",
        "d15166559cbdb401980b0e2eec5fc42f22cb686dbed33f612fbbb21582abac1c", "2f56590e5f2bcbafea4e6f0b0d7138a1f2beb74175aabe944c50043cc76e1f68",
        "0613085f34f02e9f8702f376e34adaf91ba9bdbf7d5e57b75008d6c81126f56c", "dafb4a889cd79a8efd5d614e7955626cb2baae0a9c24a5f29b7c499a6b850479",
        "71f72b3ccd3f271a2ced639492e62f62bbb044a68b1f66614e0ea2da8977e121", "20462926d0037fda4415290610beee269af29fbaf36968a282958e720af4a401",
        "d660790a4521b8bc5fe53a053589d3a95ac7360f58d89acf78c3118f8776b3a7", "f16074bd49e1113b0ac0926cdf6632e10b74c095f39000e5743fee01b4653c68",
        "aaae4513edd1c1ce7e98e1a4b073eda82a13f94edba9cc3dbcec246b8fd48eb8", "1b0d963dee774fca2b3d5cf1259acaaa1910ba3e5fdb4081b1faa25f3e167e89",
        "251d8aefa3a09cb768866dc8dbced52d95c01b046dd60aed24ca631006f9dfa7", "98c8a395c5760da49080ee9061e11bbb4ea043fec6e56648f1d0104722e2c990",
        "8b6d863effcb849f672b6bde97ffb3d2df5335cb5f34c9d532ef668c56446035", "fd58cfccf5db77eb6b5eb43de0aa4b120d3a786399c7dbe6e537bb9645ab433d",
        "c435753e09ef49dbfc680fc51086f00f89946bf3ca991d68d793c14c2ed579fd", "d17dcd032e9f614ed3ffef4c94a7c8b512d0cd86be90fd2bc2f862aac1aaac5c",
        "0b8e807d9c2308451459680a9fbbe02f8227d6f45f7248b04632c9676863ed80", "bf8d90e0bc2663d434fc1b016841b9b4c91706bdad5103f0cdeec3c4cd66fb20",
        "8ddce5b7977bf2198422ccd59869617e296894b71f8867fd82a8132619f4cb78", "b6182b9f80f7e99335cbfc1379878d1540764ec1d2c49dc162891a3b1e5690fb",
        "c7da1bf1a410901f23416ce92903314a866b90e97005b6e31460679c12089324", "8977bc22328b70dd3a4f7693f0cf9f2d61765bd3a515dda6a1c2c6136f8b348e",
        "8073a2a5e75703221cdf0fe163547a9eee916c66f6245eee6fbc0ac64c879207", "934dc00eff34146e8c684f9ed06c959c12b7b80fdda79ff52d3236e097d08839",
        "2ac3a0f05a52873d42e6ff0cb331a5bc5e009e4ae4d726eb300af442047eaa5b", "8bc2975f358d4fb4abf5d2d507cf71b8608b22f7516706e3fa6f94396f745076",
        "020d068edaa8b8a4dbdd79189c043d6ece7c490391070b7068c2585d7970dd8d", "2892fb01888a541bfa48ce2609c91ce23462aba8421a606a0ed5cd37a009367f",
        "8abaaaddd89f2e90a4a91547d9626837f51a0f643c3226848014b7a06970f85c", "ec2a96828514f64b48c19b630cbd78901e5df1b6247347814cf4dea59ec8f94e",
        "cbd624faf0904832dac667972144136fc9313b92dbd9ded2a2978c5a89498a20", "56de8bf850241102d7a0dd30bd443c44797d63917eec659c24d65e5a8e9891c5",
        "260ced4fc687d113c655825f9684dc989ecf9c264ac87c938ebacda93921c212", "6d5d7417f0c286e7aee42bde62970c409d11093f7dad2ab312586a7b4f6eba09",
        "c81ecf0391690a46f7d13d6f14a7fe9ae73696ffd76bbdb931100a16eef7af49", "efbe5ca18f7f9e8fe7e0e7cfca3cf11ffd9b90051aab55775be11ae508998026",
        "eb2180621407355f351e0c33398acbd9e0d8409a9182271f4f663850da5aeaf5", "3dddd9ff39e2ece518a1bb6c664451c6464a3df90f2562dc5362c9df9e9b02da",
        "928b142a591c554f35436b721aa1e5a1d60296b4ece265ca0fb4abc243adbb12", "e8e1b6ef08025b042ad76ed59dca0fa97c7a9d86a5a7f587c71736247cd8ecc4",
        "3f71d5b45859cfddb06347d3e7f8c190043602839bfd711f67ded2707cdb5f4d", "90a3192c6320573cbe6d68694fb18fd79d951deda90f0708031a11febfa187f0",
        "aae04d27b06c75abc22b79701cc06eab4cb991bb17895b6d1ab16a4ccb3a89a0", "edd3e3428ed6bc28d2493a46063af758593014f0a4c9a8e48203a4e3c4ec254b",
        "3e1ff43738268d6270ceac082f1c41ed582a4ca0303893801d2667f82ae5509f", "159fb0d473060d391e2487914cb89959e799c7183a3814eab5d9d7da8c386725",
        "12102e16ee8e7eff23b7750bdda06d5233a8c818301674e971368424827c50f6", "e87b2a226f809527c8b7a4b4dcfccedca55b9403a1c090a0fc986645b7319231",
        "89741261634da16089c2701b8f40be58d963eb9c57c6dbe032a882f3ce0e4607", "75c460036dc705a1cb08c727869cab35d9603fb5e878bd2d856cbafe2d45f8f2",
        "7be906c10ec67c6883d1ded68adf00a75f04f3218be50acd2ce05a0af90445b4", "53d8deaadce3580c634328fe4f572778fddbb0486c1c1a730f4b934782d91853",
        "fcc9c18d7cbe9c3fe6cdec6bd1e61e24a2a84f5cbe34fb00afc066d82d09b1d4", "4a2a4667bb78c67b481854f7ace5826f46ae169c7647e99bd9a4eaf9c7267a89",
        "0f16f05a6cfc5b7bcbfdcc2f458a3990647f556c0bf52a2456622f11898462f0", "e830cb24cb04599476eaafa8422ad7f0759c3d2593579f6af8f33700b00ad3c7",
        "1c7849964a51f16081321570dde068918fa3eae19e8ab8630db0758d6dddfd47", "68e5a5c557991d988b46ec6b6c2d0ce59c99156e7ab0cecc8b4a2fdfec8d9451",
        "b7503ee3c0fda5a1c5c7eda0c7a07d586a22cd2458658261a33fd7ffbab0bda4", "7d0e685758a01362dc69ad97932796aa9d0d8edf635f1a67459ad394f5a47cd1",
        "8e0721ae1d786dc39e3e36e6affbbc2a05786e4eb4733d948aeadbd123050a0a", "3fca0fb7b10a940cc95694c16b2a52878ee24704afa8c98ae970a88706325e49",
        "832d020a61716e35acae1e8163fa0648de2d423f0bd92f31ceefe1ba2c0545e6", "cd365f9df683eeb1e55ef40beb75dd2f3bc752c2b9b1e287a95691f72beeb648",
        "389f6f0d053caacce53b16efbda460c4b00c2b69f44de2351cb79bac72648724", "26a99e80f9992800843e6d561ddb0569419abd7dbcbd7c042a2e9316a5963554",
        "094c0db327555fabab9d610bf11cf1e91c0876504971d17a2e5e9737743c53fd", "526f1cd5476b5b9e632e30523328498479beaa98eec891685e2b0e8b8eddf4f1",
        "f5ebb202be871f784692c54c3fba63f970171d952433712e30bb299c02cd2f3b",
]

// Expected digests come from FIPS 180-4 examples, or were computed with
// `sha256sum` / Python hashlib so the implementation is checked against an
// independent one rather than against itself.
@Suite("SHA256")
struct SHA256Tests {
    @Test("FIPS 180-4 example vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func fipsVectors(message: String, expected: String) {
        #expect(SHA256.hexDigest(message) == expected)
        #expect(SHA256.digest(Array(message.utf8)).hexString == expected)
        #expect(SHA256.digest(message).hex == expected)
        #expect(Array(message.utf8).withUnsafeBytes { SHA256.digest($0) }.hex == expected)
        var hasher = SHA256()
        hasher.update(message)
        #expect(hasher.finalizeDigest().hex == expected)
    }

    @Test("One million 'a'")
    func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.digest([UInt8](repeating: 0x61, count: 1_000_000)).hexString == expected)
        #expect([UInt8](repeating: 0x61, count: 1_000_000).withUnsafeBytes { SHA256.digest($0) }.hex == expected)
        // Non-contiguous sequence: exercises the chunked fallback path.
        #expect(SHA256.digest(repeatElement(UInt8(0x61), count: 1_000_000)).hexString == expected)
    }

    @Test("Padding edges around the 56- and 64-byte boundaries", arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingEdges(length: Int, expected: String) {
        #expect(SHA256.hexDigest(String(repeating: "a", count: length)) == expected)
        #expect(SHA256.digest([UInt8](repeating: 0x61, count: length)).hexString == expected)
    }

    @Test("Incremental updates split at every offset equal the one-shot digest")
    func incrementalSplits() {
        let message = (0..<131).map { UInt8($0) }
        let expected = "3acc128faf01077789746edcfd1051d90bc1591342402d9b3cdd06d7315702a4"
        #expect(SHA256.digest(message).hexString == expected)

        for split in 0...130 {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize().hexString == expected, "split at \(split)")
        }

        // Byte-at-a-time feeding crosses every buffer state.
        var hasher = SHA256()
        for byte in message { hasher.update(CollectionOfOne(byte)) }
        #expect(hasher.finalize().hexString == expected)
    }

    @Test("A five-block message split at every offset, and in three pieces at every pair of offsets")
    func incrementalSplitsEverywhere() {
        let long = pseudoRandomMessage(length: 300)
        for split in 0...300 {
            var hasher = SHA256()
            hasher.update(long[..<split])
            hasher.update(long[split...])
            #expect(hasher.finalize().hexString == pseudoRandomDigests[300], "split at \(split)")
        }

        let message = pseudoRandomMessage(length: 130)
        var failures: [String] = []
        for first in 0...130 {
            for second in first...130 {
                var hasher = SHA256()
                hasher.update(message[..<first])
                hasher.update(message[first..<second])
                hasher.update(message[second...])
                if hasher.finalize().hexString != pseudoRandomDigests[130] { failures.append("\(first),\(second)") }
            }
        }
        #expect(failures.isEmpty, "pieces split at \(failures.prefix(10))")
    }

    @Test("Every length from 0 to 300 bytes matches Python's hashlib")
    func everyLengthAgainstHashlib() {
        #expect(pseudoRandomDigests.count == 301)
        for length in 0...300 {
            let message = pseudoRandomMessage(length: length)
            let expected = pseudoRandomDigests[length]
            #expect(SHA256.digest(message).hexString == expected, "length \(length)")
            // Non-contiguous input goes through the block-gathering fallback instead.
            #expect(SHA256.digest(message.lazy.map { $0 }).hexString == expected, "length \(length), lazy")
            // Odd-sized pieces land every chunk boundary somewhere else in the block buffer.
            var hasher = SHA256()
            var start = 0
            while start < length {
                let end = min(start + 7, length)
                hasher.update(message[start..<end])
                start = end
            }
            #expect(hasher.finalize().hexString == expected, "length \(length), 7-byte pieces")
        }
    }

    @Test("The allocation-free one-shot digest matches hashlib at every length and alignment")
    func digestValueEveryLength() {
        for length in 0...300 {
            let expected = pseudoRandomDigests[length]
            let message = pseudoRandomMessage(length: length)
            // 0-3 junk bytes in front, so the words are also loaded from addresses off a 4-byte boundary.
            for misalignment in 0...3 {
                let digest = ([UInt8](repeating: 0xAA, count: misalignment) + message).withUnsafeBytes {
                    SHA256.digest(UnsafeRawBufferPointer(rebasing: $0[misalignment...]))
                }
                #expect(digest.hex == expected, "length \(length), misaligned by \(misalignment)")
                #expect(digest == SHA256.Digest(hex: expected), "length \(length), misaligned by \(misalignment)")
            }
            message.withUnsafeBytes { message in
                #expect(SHA256.digest(message).bytes == SHA256.digest(Array(message)), "length \(length)")
                var hasher = SHA256()
                hasher.update(UnsafeRawBufferPointer(rebasing: message.prefix(length / 3)))
                hasher.update(UnsafeRawBufferPointer(rebasing: message.dropFirst(length / 3)))
                #expect(hasher.finalizeDigest().hex == expected, "length \(length), two buffers")
            }
        }
        #expect(SHA256.digest(UnsafeRawBufferPointer(start: nil, count: 0)).hex == pseudoRandomDigests[0])
    }

    @Test("Digest is a 32-byte value: bytes, hex, equality, hashing, parsing")
    func digestValue() {
        let abc = SHA256.digest("abc")
        let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(abc.hex == hex)
        #expect(abc.description == hex)
        #expect(abc.bytes == SHA256.digest(Array("abc".utf8)))
        #expect(abc.withUnsafeBytes { Array($0) } == abc.bytes)
        #expect(abc.withUnsafeBytes { $0.count } == 32)
        #expect(MemoryLayout<SHA256.Digest>.size == 32)

        #expect(SHA256.Digest(hex: hex) == abc)
        #expect(SHA256.Digest(hex: hex.uppercased()) == abc)
        #expect(SHA256.Digest(hex: abc.hex)?.hex == hex)
        #expect(abc != SHA256.digest("abd"))
        // Differs only in the last byte, then only in the first: equality must look at all 32.
        #expect(SHA256.Digest(hex: String(hex.dropLast(2)) + "ae") != abc)
        #expect(SHA256.Digest(hex: "bb" + String(hex.dropFirst(2))) != abc)
        #expect(Set([abc, SHA256.digest("abc"), SHA256.digest("")]).count == 2)

        for bad in ["", String(hex.dropLast()), hex + "0", "g" + String(hex.dropFirst()),
                    String(hex.dropLast(2)) + "长", " " + String(hex.dropFirst())] {
            #expect(SHA256.Digest(hex: bad) == nil, "\(bad)")
        }
    }

    @Test("Copying a hasher mid-stream forks it independently")
    func valueSemantics() {
        var hasher = SHA256()
        hasher.update("ab")
        var fork = hasher
        hasher.update("c")
        fork.update("x")
        #expect(hasher.finalize().hexString == SHA256.hexDigest("abc"))
        #expect(fork.finalize().hexString == SHA256.hexDigest("abx"))
    }

    @Test("UTF-8 Chinese text hashes its UTF-8 bytes")
    func chineseText() {
        let expected = "04836100fa706ad3e94af64d5b7e03516a33352a91b3c21a206f44195d9e2c57"
        #expect(SHA256.hexDigest("长者饭堂") == expected)
        var hasher = SHA256()
        hasher.update("长者")
        hasher.update("饭堂")
        #expect(hasher.finalize().hexString == expected)
    }

    @Test("hexString is lower-case, two digits per byte")
    func hexString() {
        #expect([UInt8]().hexString == "")
        #expect(([0x00, 0x0f, 0xa0, 0xff] as [UInt8]).hexString == "000fa0ff")
        #expect(SHA256.digest([UInt8]()).count == 32)
        // Every byte value, against the standard library's own radix formatting.
        let all = (0...255).map { UInt8($0) }
        let reference = all.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(all.hexString == reference)
    }
}

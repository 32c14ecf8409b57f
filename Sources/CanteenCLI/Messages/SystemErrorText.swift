@preconcurrency import Glibc

/// An errno value in words: the C library's own in English, the common ones in Chinese (others fall back to
/// the C library's words with the number, so nothing is lost).
enum SystemErrorText {
    static func describe(_ code: Int32, _ lang: Lang) -> String {
        let english = String(cString: strerror(code))
        guard lang == .zh else { return english }
        switch code {
        case ENOENT: return "文件或文件夹不存在"
        case EACCES, EPERM: return "没有权限"
        case EEXIST: return "文件已存在"
        case EISDIR: return "这是文件夹"
        case ENOTDIR: return "路径中有一段不是文件夹"
        case ENOSPC: return "磁盘已满"
        case EROFS: return "只读文件系统"
        case EIO: return "读写错误"
        case ENAMETOOLONG: return "文件名过长"
        case EXDEV: return "不能跨文件系统改名"
        case EBUSY: return "设备或资源忙"
        case EINVAL: return "参数无效"
        default: return "\(english)（错误码 \(code)）"
        }
    }
}

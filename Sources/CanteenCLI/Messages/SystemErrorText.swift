@preconcurrency import Glibc

/// An errno value in words, in the asked language, with its number: the C library's strerror is English only, and
/// a clerk reading Chinese should not meet "Broken pipe" in the middle of a Chinese line.
enum SystemErrorText {
    /// The number is always given, so an administrator can look it up whatever the wording.
    static func describe(_ code: Int32, _ lang: Lang) -> String {
        guard let words = words(code) else {
            // A rare errno: the C library's words are kept in English, where they help the administrator; a Chinese
            // line says only that it is a system error, by number, rather than leave English in it.
            return lang("\(String(cString: strerror(code))) (errno \(code))", "系统错误（错误码 \(code)）")
        }
        return lang("\(words.en) (errno \(code))", "\(words.zh)（错误码 \(code)）")
    }

    /// The errno values a file, pipe or terminal commonly gives, worded for a person rather than a programmer.
    static let known: [Int32] = [
        EPERM, ENOENT, EINTR, EIO, ENXIO, EBADF, EAGAIN, ENOMEM, EACCES, EBUSY, EEXIST, EXDEV, ENODEV, ENOTDIR, EISDIR,
        EINVAL, ENFILE, EMFILE, ETXTBSY, EFBIG, ENOSPC, ESPIPE, EROFS, EMLINK, EPIPE, ENAMETOOLONG, ENOLCK, ENOSYS,
        ENOTEMPTY, ELOOP, EOVERFLOW, EOPNOTSUPP, ECONNRESET, ETIMEDOUT, ESTALE, EDQUOT,
    ]

    static func words(_ code: Int32) -> (en: String, zh: String)? {
        switch code {
        case EPERM: ("operation not permitted", "不允许此操作")
        case ENOENT: ("no such file or folder", "文件或文件夹不存在")
        case EINTR: ("interrupted", "操作被中断")
        case EIO: ("input/output error: the disk or device failed", "读写错误：磁盘或设备出错")
        case ENXIO: ("no such device or address", "设备或地址不存在")
        case EBADF: ("bad file descriptor", "文件描述符无效")
        case EAGAIN: ("resource temporarily unavailable: try again", "资源暂时不可用，请稍后再试")
        case ENOMEM: ("out of memory", "内存不足")
        case EACCES: ("permission denied", "没有权限")
        case EBUSY: ("device or resource busy", "设备或资源忙")
        case EEXIST: ("the file already exists", "文件已存在")
        case EXDEV: ("cannot rename across file systems", "不能跨文件系统改名")
        case ENODEV: ("no such device", "设备不存在")
        case ENOTDIR: ("a part of the path is not a folder", "路径中有一段不是文件夹")
        case EISDIR: ("it is a folder", "这是文件夹")
        case EINVAL: ("invalid argument", "参数无效")
        case ENFILE: ("too many files open on this system", "系统打开的文件过多")
        case EMFILE: ("too many files open in this process", "本程序打开的文件过多")
        case ETXTBSY: ("the file is a program that is running", "该文件是正在运行的程序")
        case EFBIG: ("the file is too large", "文件过大")
        case ENOSPC: ("no space left on the disk", "磁盘已满")
        case ESPIPE: ("cannot seek in a pipe", "管道不能定位")
        case EROFS: ("read-only file system", "只读文件系统")
        case EMLINK: ("too many links", "链接过多")
        case EPIPE: ("broken pipe: the program reading the output has stopped", "管道已断开：读取输出的程序已停止")
        case ENAMETOOLONG: ("the file name is too long", "文件名过长")
        case ENOLCK: ("no locks available", "没有可用的文件锁")
        case ENOSYS: ("not supported by this system", "本系统不支持此操作")
        case ENOTEMPTY: ("the folder is not empty", "文件夹不是空的")
        case ELOOP: ("too many symbolic links in the path", "路径中的符号链接过多")
        case EOVERFLOW: ("the value is too large for the data type", "数值超出类型范围")
        case EOPNOTSUPP: ("operation not supported", "不支持此操作")
        case ECONNRESET: ("the connection was reset", "连接被重置")
        case ETIMEDOUT: ("timed out", "操作超时")
        case ESTALE: ("stale network file handle", "网络文件句柄已失效")
        case EDQUOT: ("disk quota exceeded", "超出磁盘配额")
        default: nil
        }
    }
}

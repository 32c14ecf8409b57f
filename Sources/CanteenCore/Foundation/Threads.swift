@preconcurrency import Glibc

/// A thread of its own for work that runs beside the caller's (audit verify hashes on one core while it reads
/// the journal on the other); `join` waits for it to end.
final class BackgroundThread: @unchecked Sendable {
    private var handle = pthread_t()
    private let body: () -> Void

    /// Starts `body` at once on a new thread.
    init(_ body: @escaping () -> Void) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        let code = pthread_create(&handle, nil, { context in
            let thread = Unmanaged<BackgroundThread>.fromOpaque(context!).takeRetainedValue()
            thread.body()
            return nil
        }, context)
        // Without a thread, the work runs here: slower, never wrong.
        if code != 0 {
            Unmanaged<BackgroundThread>.fromOpaque(context).release()
            body()
            started = false
        }
    }

    private var started = true

    /// Waits until the body has returned.
    func join() {
        guard started else { return }
        pthread_join(handle, nil)
        started = false
    }
}

/// A counting semaphore, for handing buffers between two threads.
final class CountingSemaphore: @unchecked Sendable {
    private var semaphore = sem_t()

    init(_ value: UInt32) { sem_init(&semaphore, 0, value) }
    deinit { sem_destroy(&semaphore) }

    func signal() { sem_post(&semaphore) }

    func wait() {
        while sem_wait(&semaphore) != 0 && errno == EINTR {}
    }
}

/// A mutual-exclusion lock, for state the C library keeps per process (the TZ variable that localtime_r reads).
final class ProcessLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// Runs `body` while holding the lock.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

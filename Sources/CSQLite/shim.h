#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call: these wrap the settings the program uses.

/// Leaves the write-ahead log to the size-based checkpoint instead of checkpointing whenever the last
/// connection closes, so a short-lived process (one meal at the counter) does not pay for a checkpoint.
static inline int canteen_no_checkpoint_on_close(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, on, (int *)0);
}

#include "sqlite.hpp"

#include <utility>

namespace stakepool::eth::sqlite {

Error error_from(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
      return make_error(Errc::kCorrupt, std::move(msg));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error(Errc::kUnavailable, std::move(msg));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return make_error(Errc::kIo, std::move(msg));
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
      return make_error(Errc::kCorrupt, std::move(msg));
    default:
      return make_error(Errc::kInternal, std::move(msg));
  }
}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(s_);
    db_ = o.db_;
    s_ = std::exchange(o.s_, nullptr);
  }
  return *this;
}

Stmt::~Stmt() { sqlite3_finalize(s_); }

Result<Stmt> Stmt::prepare(sqlite3* db, std::string_view sql) {
  Stmt st;
  st.db_ = db;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &st.s_, nullptr);
  if (rc != SQLITE_OK)
    return error_from(db, rc, "prepare '" + std::string(sql.substr(0, 60)) + "'");
  return st;
}

Stmt& Stmt::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
  return *this;
}

Stmt& Stmt::bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}

Stmt& Stmt::bind(int i, std::span<const uint8_t> blob) {
  sqlite3_bind_blob(s_, i, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::bind(int i, std::string_view text) {
  sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

Stmt& Stmt::bind_opt(int i, const std::optional<std::span<const uint8_t>>& blob) {
  return blob ? bind(i, *blob) : bind_null(i);
}

Result<bool> Stmt::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = error_from(db_, rc, "query");
  sqlite3_reset(s_);
  return e;
}

Status Stmt::run() {
  auto r = step();
  if (!r) return r.error();
  return {};
}

bool Stmt::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

int64_t Stmt::int64(int col) const { return sqlite3_column_int64(s_, col); }

std::span<const uint8_t> Stmt::blob(int col) const {
  const void* p = sqlite3_column_blob(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return {static_cast<const uint8_t*>(p), static_cast<std::size_t>(n)};
}

std::string Stmt::text(int col) const {
  const unsigned char* p = sqlite3_column_text(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
}

Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(o.db_, nullptr);
  }
  return *this;
}

Connection::~Connection() { sqlite3_close_v2(db_); }

Result<Connection> Connection::open(const std::string& path, bool create) {
  Connection c;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &c.db_, flags, nullptr);
  if (rc != SQLITE_OK) return error_from(c.db_, rc, "cannot open " + path);
  sqlite3_extended_result_codes(c.db_, 1);
  sqlite3_busy_timeout(c.db_, 10000);
  return c;
}

Status Connection::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    return error_from(db_, rc, "'" + s.substr(0, 60) + "'");
  }
  return {};
}

Result<Transaction> Transaction::begin(Connection& c) {
  SP_TRY(c.exec("BEGIN IMMEDIATE"));
  return Transaction(&c);
}

Transaction::~Transaction() {
  if (c_ != nullptr) (void)c_->exec("ROLLBACK");
}

Status Transaction::commit() {
  SP_CHECK(c_ != nullptr);
  Status s = c_->exec("COMMIT");
  if (s) c_ = nullptr;
  return s;
}

}  // namespace stakepool::eth::sqlite

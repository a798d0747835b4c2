#pragma once
// Thin RAII wrappers over the SQLite C API used by the slashing-protection database (private to
// the eth module). Every failure becomes an Error whose code tells corrupt files (kCorrupt), locked
// databases (kUnavailable) and I/O failures (kIo) apart. Not thread safe: one connection, one user.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/util/result.hpp"

namespace stakepool::eth::sqlite {

// error_from maps an SQLite result code (and the connection's message) to an Error about `what`.
Error error_from(sqlite3* db, int rc, std::string_view what);

// Stmt: a prepared statement. bind_* take 1-based parameter indexes; step() returns true while a
// row is available, false when done, an Error on failure. reset() is called on every re-use.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  ~Stmt();

  // prepare compiles `sql` on `db`.
  static Result<Stmt> prepare(sqlite3* db, std::string_view sql);

  Stmt& reset();
  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, std::span<const uint8_t> blob);
  Stmt& bind(int i, std::string_view text);
  Stmt& bind_null(int i);
  // bind_opt binds a blob or NULL.
  Stmt& bind_opt(int i, const std::optional<std::span<const uint8_t>>& blob);

  Result<bool> step();
  // run steps a statement that returns no rows (INSERT/UPDATE/DDL).
  Status run();

  bool is_null(int col) const;
  int64_t int64(int col) const;
  std::span<const uint8_t> blob(int col) const;
  std::string text(int col) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
};

// Connection owns an sqlite3 handle.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Connection& operator=(Connection&& o) noexcept;
  ~Connection();

  // open opens (create == true: creates if missing) the database file at `path` (":memory:" for a
  // private in-memory database).
  static Result<Connection> open(const std::string& path, bool create);

  // exec runs one or more SQL statements that return no rows.
  Status exec(std::string_view sql);
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Transaction: BEGIN IMMEDIATE on construction (via begin()), ROLLBACK in the destructor unless
// commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> begin(Connection& c);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction(Transaction&& o) noexcept : c_(o.c_) { o.c_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Connection* c) : c_(c) {}
  Connection* c_ = nullptr;
};

}  // namespace stakepool::eth::sqlite

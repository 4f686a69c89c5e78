#include "sinks/sqlite/views.h"

#include <filesystem>

#include "sinks/sqlite/connection.h"
#include "sinks/views_sql.h"

namespace aq {
namespace {

using sqlite::QuoteIdentifier;

ViewDialect Dialect(const std::string& table, const DayClock& clock) {
  ViewDialect d;
  d.table = QuoteIdentifier(table);
  d.column = [](const std::string& name) { return QuoteIdentifier(name); };
  // Timestamps are UTC text; datetime() moves them by the fixed offset.
  d.local = [clock](const std::string& instant) {
    if (clock.kind == DayClock::Kind::kUtc) return "datetime(" + instant + ")";
    return "datetime(" + instant + ", '" + std::to_string(clock.offset_minutes) + " minutes')";
  };
  d.year = [](const std::string& t) { return "CAST(strftime('%Y', " + t + ") AS INTEGER)"; };
  d.month = [](const std::string& t) { return "CAST(strftime('%m', " + t + ") AS INTEGER)"; };
  d.day = [](const std::string& t) { return "date(" + t + ")"; };
  d.day_number = [](const std::string& day) {
    return "CAST(julianday(" + day + ") - 2440587.5 AS INTEGER)";
  };
  d.yes = "1";
  d.no = "0";
  return d;
}

class SqliteViews final : public WarehouseViews {
 public:
  explicit SqliteViews(std::string path) : path_(std::move(path)) {}

  std::string Describe() const override { return "sqlite:" + path_; }

  std::vector<std::string> Statements(const ViewOptions& options) const override {
    return DropAndCreateViews(QuoteIdentifier(MonthlyMaxView(options.table)),
                              QuoteIdentifier(DailyVsWeekView(options.table)),
                              Dialect(options.table, options.clock));
  }

  Status Create(const ViewOptions& options) override {
    if (options.clock.kind == DayClock::Kind::kZoneName) {
      return InvalidArgument("--timezone " + options.clock.zone +
                             ": SQLite has no time-zone database; use a fixed offset such as "
                             "+02:00, or load into PostgreSQL or Snowflake for zone names");
    }
    AQ_RETURN_IF_ERROR(Connect());
    AQ_RETURN_IF_ERROR(CheckTable(options.table));
    AQ_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
    for (const std::string& sql : Statements(options)) {
      if (Status status = db_->Exec(sql); !status.ok()) {
        (void)db_->Exec("ROLLBACK");
        return status.WithContext("creating the views of " + options.table);
      }
    }
    return db_->Exec("COMMIT");
  }

  Result<std::vector<MonthlyMaxRow>> MonthlyMax(const std::string& table) override {
    AQ_ASSIGN_OR_RETURN(auto rows, Read(MonthlyMaxView(table), MonthlyReadColumns("measured_at"),
                                        kMonthlyReadOrder));
    return ParseMonthlyRows(rows);
  }

  Result<std::vector<DailyRow>> Daily(const std::string& table) override {
    AQ_ASSIGN_OR_RETURN(auto rows, Read(DailyVsWeekView(table),
                                        DailyReadColumns("day", "measured_at"), kDailyReadOrder));
    return ParseDailyRows(rows);
  }

 private:
  Status Connect() {
    if (db_) return Status::Ok();
    std::error_code ec;
    if (!std::filesystem::exists(path_, ec)) {
      return NotFound("no SQLite database at " + path_ +
                      ": load one first (aqpipe run --warehouse sqlite:" + path_ + ")");
    }
    AQ_ASSIGN_OR_RETURN(sqlite::Connection db, sqlite::Connection::Open(path_));
    db_ = std::make_unique<sqlite::Connection>(std::move(db));
    return Status::Ok();
  }

  Status CheckTable(const std::string& table) {
    AQ_ASSIGN_OR_RETURN(auto info, db_->Query("SELECT name FROM pragma_table_info(" +
                                              sqlite::QuoteLiteral(table) + ")"));
    std::vector<std::string> present;
    present.reserve(info.size());
    for (const auto& row : info) present.push_back(row[0]);
    return CheckViewTable(Describe(), table, present, [&]() -> Result<bool> {
      AQ_ASSIGN_OR_RETURN(auto any, db_->Query(AnyMeasurementSql(QuoteIdentifier(table))));
      return !any.empty();
    });
  }

  Result<std::vector<std::vector<std::string>>> Read(const std::string& view,
                                                     const std::string& columns,
                                                     const std::string& order) {
    AQ_RETURN_IF_ERROR(Connect());
    AQ_ASSIGN_OR_RETURN(auto exists, db_->Query("SELECT 1 FROM sqlite_master WHERE type = 'view' "
                                                "AND name = " +
                                                sqlite::QuoteLiteral(view)));
    if (exists.empty()) {
      return NotFound("view " + view + " does not exist in " + Describe() +
                      ": create it with aqpipe analyze --warehouse " + Describe());
    }
    return db_->Query("SELECT " + columns + " FROM " + QuoteIdentifier(view) + " ORDER BY " +
                      order);
  }

  std::string path_;
  std::unique_ptr<sqlite::Connection> db_;
};

}  // namespace

std::unique_ptr<WarehouseViews> NewSqliteViews(const std::string& path) {
  return std::make_unique<SqliteViews>(path);
}

}  // namespace aq

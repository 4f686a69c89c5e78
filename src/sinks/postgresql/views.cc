#include "sinks/postgresql/views.h"

#include "sinks/postgresql/connection.h"
#include "sinks/postgresql/type_mapping.h"
#include "sinks/views_sql.h"

namespace aq {
namespace {

using postgresql::QuoteIdentifier;

std::string Literal(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

class PostgresViews final : public WarehouseViews {
 public:
  PostgresViews(std::string url, std::string schema)
      : url_(std::move(url)), schema_(schema.empty() ? "public" : std::move(schema)) {}

  std::string Describe() const override {
    return postgresql::RedactUrl(url_) + " schema " + schema_;
  }

  std::vector<std::string> Statements(const ViewOptions& options) const override {
    ViewDialect d;
    d.table = Qualified(options.table);
    d.column = [](const std::string& name) { return QuoteIdentifier(name); };
    // timestamptz AT TIME ZONE gives the wall-clock time there (a timestamp without zone).
    DayClock clock = options.clock;
    d.local = [clock](const std::string& instant) {
      switch (clock.kind) {
        case DayClock::Kind::kUtc:
          return "(" + instant + " AT TIME ZONE 'UTC')";
        case DayClock::Kind::kFixedOffset:
          return "(" + instant + " AT TIME ZONE 'UTC' + INTERVAL '" +
                 std::to_string(clock.offset_minutes) + " minutes')";
        case DayClock::Kind::kZoneName:
          break;
      }
      return "(" + instant + " AT TIME ZONE " + Literal(clock.zone) + ")";
    };
    d.year = [](const std::string& t) { return "CAST(EXTRACT(YEAR FROM " + t + ") AS integer)"; };
    d.month = [](const std::string& t) { return "CAST(EXTRACT(MONTH FROM " + t + ") AS integer)"; };
    d.day = [](const std::string& t) { return "CAST(" + t + " AS date)"; };
    d.day_number = [](const std::string& day) { return "(" + day + " - DATE '1970-01-01')"; };
    return DropAndCreateViews(Qualified(MonthlyMaxView(options.table)),
                              Qualified(DailyVsWeekView(options.table)), d);
  }

  Status Create(const ViewOptions& options) override {
    AQ_RETURN_IF_ERROR(Connect());
    AQ_RETURN_IF_ERROR(CheckTable(options.table));
    if (options.clock.kind == DayClock::Kind::kZoneName) {
      AQ_ASSIGN_OR_RETURN(auto zone, db_->Query("SELECT 1 FROM pg_timezone_names WHERE name = $1",
                                                {options.clock.zone}));
      if (zone.empty()) {
        return InvalidArgument("--timezone " + options.clock.zone +
                               ": the PostgreSQL server knows no such zone (see "
                               "pg_timezone_names, e.g. Europe/Brussels)");
      }
    }
    AQ_RETURN_IF_ERROR(db_->Exec("BEGIN").status());
    for (const std::string& sql : Statements(options)) {
      if (auto done = db_->Exec(sql); !done.ok()) {
        (void)db_->Exec("ROLLBACK");
        return done.status().WithContext("creating the views of " + options.table);
      }
    }
    return db_->Exec("COMMIT").status();
  }

  Result<std::vector<MonthlyMaxRow>> MonthlyMax(const std::string& table) override {
    AQ_ASSIGN_OR_RETURN(auto rows, Read(MonthlyMaxView(table),
                                        MonthlyReadColumns(Utc("measured_at")), kMonthlyReadOrder));
    return ParseMonthlyRows(rows);
  }

  Result<std::vector<DailyRow>> Daily(const std::string& table) override {
    AQ_ASSIGN_OR_RETURN(
        auto rows,
        Read(DailyVsWeekView(table),
             DailyReadColumns("to_char(day, 'YYYY-MM-DD')", Utc("measured_at")), kDailyReadOrder));
    return ParseDailyRows(rows);
  }

 private:
  static std::string Utc(const std::string& column) {
    return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";
  }

  std::string Qualified(const std::string& name) const {
    return QuoteIdentifier(schema_) + "." + QuoteIdentifier(name);
  }

  Status Connect() {
    if (db_) return Status::Ok();
    AQ_ASSIGN_OR_RETURN(postgresql::Connection db, postgresql::Connection::Open(url_));
    db_ = std::make_unique<postgresql::Connection>(std::move(db));
    return Status::Ok();
  }

  Status CheckTable(const std::string& table) {
    AQ_ASSIGN_OR_RETURN(auto info, db_->Query("SELECT column_name FROM information_schema.columns "
                                              "WHERE table_schema = $1 AND table_name = $2",
                                              {schema_, table}));
    std::vector<std::string> present;
    present.reserve(info.size());
    for (const auto& row : info) present.push_back(row[0]);
    return CheckViewTable(Describe(), table, present, [&]() -> Result<bool> {
      AQ_ASSIGN_OR_RETURN(auto any, db_->Query(AnyMeasurementSql(Qualified(table))));
      return !any.empty();
    });
  }

  Result<postgresql::Rows> Read(const std::string& view, const std::string& columns,
                                const std::string& order) {
    AQ_RETURN_IF_ERROR(Connect());
    AQ_ASSIGN_OR_RETURN(auto exists, db_->Query("SELECT 1 FROM information_schema.views WHERE "
                                                "table_schema = $1 AND table_name = $2",
                                                {schema_, view}));
    if (exists.empty()) {
      return NotFound("view " + view + " does not exist in " + Describe() +
                      ": create it with aqpipe analyze");
    }
    return db_->Query("SELECT " + columns + " FROM " + Qualified(view) + " ORDER BY " + order);
  }

  std::string url_;
  std::string schema_;
  std::unique_ptr<postgresql::Connection> db_;
};

}  // namespace

std::unique_ptr<WarehouseViews> NewPostgresViews(const std::string& url,
                                                 const std::string& schema) {
  return std::make_unique<PostgresViews>(url, schema);
}

}  // namespace aq

#include "sinks/snowflake/views.h"

#include "sinks/snowflake/session.h"
#include "sinks/snowflake/type_mapping.h"
#include "sinks/views_sql.h"

namespace aq {
namespace {

using snowflake::QuoteIdentifier;

std::string Literal(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

std::vector<std::string> Texts(const snowflake::QueryResult& result) {
  std::vector<std::string> column;
  column.reserve(result.rows.size());
  for (const auto& row : result.rows) column.push_back(row.empty() ? "" : row[0].value_or(""));
  return column;
}

class SnowflakeViews final : public WarehouseViews {
 public:
  SnowflakeViews(std::optional<snowflake::SnowflakeLogin> login, std::string schema,
                 std::chrono::seconds read_timeout)
      : login_(std::move(login)), schema_(std::move(schema)), read_timeout_(read_timeout) {
    if (schema_.empty() && login_) schema_ = login_->schema;
    if (schema_.empty()) schema_ = "PUBLIC";
  }

  std::string Describe() const override {
    std::string where = login_ ? login_->url + " " + login_->database + "." : "";
    return "snowflake " + where + snowflake::StoredName(schema_);
  }

  // Unqualified names: they run after USE SCHEMA, as a worksheet runs in its chosen schema.
  std::vector<std::string> Statements(const ViewOptions& options) const override {
    ViewDialect d;
    d.table = QuoteIdentifier(options.table);
    d.column = [](const std::string& name) { return QuoteIdentifier(name); };
    DayClock clock = options.clock;
    d.local = [clock](const std::string& instant) {
      switch (clock.kind) {
        case DayClock::Kind::kUtc:
          return "CONVERT_TIMEZONE('UTC', " + instant + ")";
        case DayClock::Kind::kFixedOffset:
          return "DATEADD(minute, " + std::to_string(clock.offset_minutes) +
                 ", CONVERT_TIMEZONE('UTC', " + instant + "))";
        case DayClock::Kind::kZoneName:
          break;
      }
      return "CONVERT_TIMEZONE(" + Literal(clock.zone) + ", " + instant + ")";
    };
    d.year = [](const std::string& t) { return "YEAR(" + t + ")"; };
    d.month = [](const std::string& t) { return "MONTH(" + t + ")"; };
    d.day = [](const std::string& t) { return "TO_DATE(" + t + ")"; };
    d.day_number = [](const std::string& day) {
      return "DATEDIFF(day, DATE '1970-01-01', " + day + ")";
    };
    return {"CREATE OR REPLACE VIEW " + QuoteIdentifier(MonthlyMaxView(options.table)) + " AS\n" +
                MonthlyMaxSelect(d),
            "CREATE OR REPLACE VIEW " + QuoteIdentifier(DailyVsWeekView(options.table)) + " AS\n" +
                DailyVsWeekSelect(d)};
  }

  Status Create(const ViewOptions& options) override {
    AQ_RETURN_IF_ERROR(Connect());
    AQ_RETURN_IF_ERROR(CheckTable(options.table));
    for (const std::string& sql : Statements(options)) {
      Status done = db_->Execute(sql).status();
      if (!done.ok()) return done.WithContext("creating the views of " + options.table);
    }
    return Status::Ok();
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
             DailyReadColumns("TO_CHAR(day, 'YYYY-MM-DD')", Utc("measured_at")), kDailyReadOrder));
    return ParseDailyRows(rows);
  }

 private:
  static std::string Utc(const std::string& column) {
    return "TO_CHAR(CONVERT_TIMEZONE('UTC', " + column + "), 'YYYY-MM-DD HH24:MI:SS')";
  }

  Status Connect() {
    if (db_) return Status::Ok();
    if (!login_) {
      return InvalidArgument(
          "--warehouse snowflake needs a login: --secret NAME, or SNOWFLAKE_ACCOUNT or "
          "SNOWFLAKE_URL with SNOWFLAKE_USER and SNOWFLAKE_PASSWORD (or SNOWFLAKE_PRIVATE_KEY)");
    }
    AQ_ASSIGN_OR_RETURN(db_, snowflake::OpenSession(*login_, read_timeout_));
    std::string schema = QuoteIdentifier(login_->database) + "." + QuoteIdentifier(schema_);
    Status used = db_->Execute("USE SCHEMA " + schema).status();
    if (used.code() == StatusCode::kNotFound || used.code() == StatusCode::kInvalidArgument) {
      return NotFound("schema " + login_->database + "." + snowflake::StoredName(schema_) +
                      " does not exist: load a table there first (aqpipe run --warehouse "
                      "snowflake --schema " +
                      schema_ + ")");
    }
    return used;
  }

  Result<std::vector<std::string>> Columns(const std::string& relation) {
    AQ_ASSIGN_OR_RETURN(
        auto result,
        db_->Execute("SELECT column_name FROM information_schema.columns WHERE table_schema = " +
                     Literal(snowflake::StoredName(schema_)) +
                     " AND table_name = " + Literal(snowflake::StoredName(relation))));
    return Texts(result);
  }

  Status CheckTable(const std::string& table) {
    AQ_ASSIGN_OR_RETURN(auto present, Columns(table));
    return CheckViewTable(Describe(), table, present, [&]() -> Result<bool> {
      AQ_ASSIGN_OR_RETURN(auto any, db_->Execute(AnyMeasurementSql(QuoteIdentifier(table))));
      return !any.rows.empty();
    });
  }

  Result<std::vector<std::vector<std::string>>> Read(const std::string& view,
                                                     const std::string& columns,
                                                     const std::string& order) {
    AQ_RETURN_IF_ERROR(Connect());
    AQ_ASSIGN_OR_RETURN(auto present, Columns(view));
    if (present.empty()) {
      return NotFound("view " + snowflake::StoredName(view) + " does not exist in " + Describe() +
                      ": create it with aqpipe analyze --warehouse snowflake");
    }
    AQ_ASSIGN_OR_RETURN(auto result, db_->Execute("SELECT " + columns + " FROM " +
                                                  QuoteIdentifier(view) + " ORDER BY " + order));
    std::vector<std::vector<std::string>> rows;
    rows.reserve(result.rows.size());
    for (const auto& row : result.rows) {
      std::vector<std::string>& out = rows.emplace_back();
      out.reserve(row.size());
      for (const auto& cell : row) out.push_back(cell.value_or(""));
    }
    return rows;
  }

  std::optional<snowflake::SnowflakeLogin> login_;
  std::string schema_;
  std::chrono::seconds read_timeout_;
  std::unique_ptr<snowflake::SnowflakeClient> db_;
};

}  // namespace

std::unique_ptr<WarehouseViews> NewSnowflakeViews(std::optional<snowflake::SnowflakeLogin> login,
                                                  std::string schema,
                                                  std::chrono::seconds read_timeout) {
  return std::make_unique<SnowflakeViews>(std::move(login), std::move(schema), read_timeout);
}

}  // namespace aq

// `aqpipe report`: reads the rows of the views `aqpipe analyze` made (not the raw table, so the
// page stays small for years of data) and writes DIR/report.html, an offline dashboard
// (report/dashboard.h), and a PNG of each chart grid when Chromium is installed.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/log.h"
#include "cli/view_flags.h"
#include "common/text_format.h"
#include "report/chromium.h"
#include "report/dashboard.h"

namespace aq::cli {
namespace {

namespace fs = std::filesystem;

struct ReportFlags {
  ViewFlags target;
  std::string out = "aqpipe-report";
  std::string png = "auto";
  std::string chromium;
};

std::string NowUtc() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

Status WriteFile(const fs::path& path, const std::string& bytes) {
  fs::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) return IoError("cannot write " + temporary.string() + " (is the folder writable?)");
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) return IoError("cannot write " + path.string() + ": " + ec.message());
  return Status::Ok();
}

// The PNGs; a missing Chromium is a failure only with --png always.
int RenderPngs(const ReportFlags& flags, const fs::path& html, size_t metrics) {
  auto chromium = report::FindChromium(flags.chromium);
  if (!chromium.ok()) {
    if (flags.png == "always") {
      Log("error", chromium.status().message());
      return kExitFailure;
    }
    Log("info", "no PNGs: " + chromium.status().message());
    return kExitOk;
  }
  // Two charts a row at 1280 pixels; each row about 370 pixels, plus the heading.
  int height = 200 + static_cast<int>((metrics + 1) / 2) * 372;
  for (const char* chart : {"monthly", "daily"}) {
    report::Screenshot shot;
    shot.html_path = html.string();
    shot.fragment = std::string("only=") + chart;
    shot.png_path = (html.parent_path() / (std::string(chart) + ".png")).string();
    shot.height = height;
    if (Status done = report::RenderScreenshot(*chromium, shot); !done.ok()) {
      Log("error", done.message());
      return ExitCodeFor(done);
    }
    std::printf("wrote %s\n", shot.png_path.c_str());
  }
  return kExitOk;
}

int Report(ReportFlags& flags) {
  int code = kExitOk;
  auto views = OpenViews(flags.target, true, &code);
  if (!views) return code;
  report::DashboardInput input;
  input.table = flags.target.table;
  input.source = views->Describe();
  input.generated = NowUtc();
  auto monthly = views->MonthlyMax(input.table);
  if (!monthly.ok()) {
    Log("error", monthly.status().message());
    return ExitCodeFor(monthly.status());
  }
  auto daily = views->Daily(input.table);
  if (!daily.ok()) {
    Log("error", daily.status().message());
    return ExitCodeFor(daily.status());
  }
  input.monthly = std::move(monthly).value();
  input.daily = std::move(daily).value();
  auto html = report::RenderDashboard(input);
  if (!html.ok()) {
    Log("error", html.status().message());
    return ExitCodeFor(html.status());
  }
  std::error_code ec;
  fs::create_directories(flags.out, ec);
  fs::path path = fs::absolute(fs::path(flags.out) / "report.html", ec);
  if (Status written = WriteFile(path, *html); !written.ok()) {
    Log("error", written.message());
    return ExitCodeFor(written);
  }
  std::printf("wrote %s (%s, %zu monthly and %zu daily rows, %zu metrics)\n", path.c_str(),
              Megabytes(html->size()).c_str(), input.monthly.size(), input.daily.size(),
              report::MetricCount(input));
  if (flags.png == "never") return kExitOk;
  return RenderPngs(flags, path, report::MetricCount(input));
}

}  // namespace

void AddReportCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* command = app.add_subcommand(
      "report", "Write an offline HTML dashboard (and PNGs) of the views aqpipe analyze created");
  AddViewFlags(*command, &flags->target);
  command->add_option("--out", flags->out, "Local folder for report.html, monthly.png, daily.png")
      ->capture_default_str();
  command
      ->add_option("--png", flags->png,
                   "PNGs of the charts by headless Chromium: auto (when installed), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->add_option("--chromium", flags->chromium,
                      "The Chromium executable (default: chromium on PATH)");
  BindEnvironment(*command);
  command->callback([flags, exit_code] { *exit_code = Report(*flags); });
}

}  // namespace aq::cli

// `aqpipe ingest`: fetch a country's OpenAQ v3 data into gzip JSON Lines under --out, picking up
// where the last run stopped (src/ingest/ingester.h). The key comes from OPENAQ_API_KEY or a
// Secrets Manager secret; the API root from OPENAQ_API_URL (tests point it at a stand-in).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include <fmt/format.h>
#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/log.h"
#include "cli/registry_setup.h"
#include "clients/aws/aws_session.h"
#include "clients/aws/json_object.h"
#include "clients/aws/secrets_manager.h"

#include "common/text_format.h"
#include "ingest/ingester.h"
#include "ingest/time_window.h"

namespace aq::cli {
namespace {

struct IngestFlags {
  std::string country;
  std::string parameters;
  std::string from;
  std::string to;
  std::string out;
  std::string data = "measurements";
  std::string api_key_secret;
  std::string rate_limits = "60/60,2000/3600";
  int request_timeout = 30;
  int max_server_wait = 300;
  int retry_delay_ms = 500;
};

// The key from a secret holding either the bare key or a JSON object with one of these members.
Result<Secret> KeyFromSecret(const std::string& name) {
  auto session = aws::AwsSession::Shared();
  if (!session.ok()) return session.status();
  aws::SecretsManagerClient secrets(*session);
  AQ_ASSIGN_OR_RETURN(aws::SecretValue value, secrets.GetSecretValue(name));
  const std::string& text = value.secret_string;
  if (text.empty() || text.front() != '{') return Secret(text);
  AQ_ASSIGN_OR_RETURN(aws::JsonMembers members, aws::ParseJsonObject(text));
  for (const char* key : {"OPENAQ_API_KEY", "api_key", "apiKey", "X-API-Key"}) {
    if (auto member = aws::Member(members, key)) return Secret(*member);
  }
  return InvalidArgument("secret " + name +
                         " is a JSON object without an OPENAQ_API_KEY (or api_key) member");
}

Result<ingest::IngestOptions> ToOptions(const IngestFlags& flags) {
  ingest::IngestOptions options;
  options.country = AsciiUpper(flags.country);
  if (options.country.size() != 2) {
    return InvalidArgument("--country " + flags.country + ": expected a two-letter ISO code (BE)");
  }
  for (std::string_view rest = flags.parameters; !rest.empty();) {
    size_t comma = rest.find(',');
    std::string name(rest.substr(0, comma));
    if (!name.empty()) options.parameters.insert(name);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (!flags.from.empty()) {
    AQ_ASSIGN_OR_RETURN(int64_t from, ingest::ParseInstant(flags.from));
    options.from = from;
  }
  if (flags.to.empty()) {
    // Now, cut to the hour: reruns within the hour ask for the same window.
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    options.to = now - now % 3600;
  } else {
    AQ_ASSIGN_OR_RETURN(options.to, ingest::ParseInstant(flags.to));
  }
  options.out = flags.out;
  options.data = flags.data;
  return options;
}

std::string ProgressLine(const ingest::IngestProgress& p) {
  std::string line =
      fmt::format("aqpipe ingest: {}/{} sensors, {} records, {} requests ({} left this hour)",
                  p.sensors_done, p.sensors_total, p.records, p.requests, p.requests_left);
  if (p.sensors_done > 0 && p.sensors_done < p.sensors_total) {
    double left = p.seconds / static_cast<double>(p.sensors_done) *
                  static_cast<double>(p.sensors_total - p.sensors_done);
    line += fmt::format(", about {:.0f} s left", left);
  }
  return line;
}

int Ingest(const IngestFlags& flags) {
  auto options = ToOptions(flags);
  auto windows = openaq::ParseRateWindows(flags.rate_limits);
  if (!options.ok() || !windows.ok()) {
    Log("error", (options.ok() ? windows.status() : options.status()).message());
    return kExitUsage;
  }
  openaq::ClientOptions client_options;
  if (const char* url = std::getenv("OPENAQ_API_URL"); url != nullptr && *url != '\0') {
    client_options.base_url = url;
  }
  if (!flags.api_key_secret.empty()) {
    auto key = KeyFromSecret(flags.api_key_secret);
    if (!key.ok()) {
      Log("error", "reading the OpenAQ API key from --api-key-secret " + flags.api_key_secret +
                       ": " + key.status().message());
      return ExitCodeFor(key.status()) == kExitUsage ? kExitFailure : ExitCodeFor(key.status());
    }
    client_options.api_key = *key;
  } else if (const char* key = std::getenv("OPENAQ_API_KEY"); key != nullptr && *key != '\0') {
    client_options.api_key = Secret(key);
  } else {
    Log("error",
        "no OpenAQ API key: set OPENAQ_API_KEY or pass --api-key-secret NAME (a v3 key "
        "from explore.openaq.org/register)");
    return kExitUsage;
  }
  client_options.rate_windows = *windows;
  client_options.request_timeout = std::chrono::seconds(flags.request_timeout);
  client_options.max_server_wait = std::chrono::seconds(flags.max_server_wait);
  client_options.base_delay = std::chrono::milliseconds(flags.retry_delay_ms);
  openaq::OpenAqClient client(client_options);
  FileSystemRegistry registry;
  RegisterFileSystems(registry);
  Result<FileSystem*> fs = registry.For(flags.out);
  if (!fs.ok()) {
    Log("error", fs.status().message());
    return ExitCodeFor(fs.status());
  }
  auto summary = ingest::RunIngest(*options, client, **fs, [](const ingest::IngestProgress& p) {
    ShowProgress(ProgressLine(p));
  });
  ClearProgress();
  if (!summary.ok()) {
    Log("error", summary.status().message(), {{"out", flags.out}});
    return ExitCodeFor(summary.status());
  }
  const ingest::IngestSummary& s = *summary;
  Report(
      fmt::format("ingested {} records into {} objects ({:.1f} KB) under {} in {:.1f} s: {} "
                  "locations, {} sensors ({} fetched, {} up to date, {} without new data), {} "
                  "requests ({} retries, {} throttled, {:.1f} s waiting for the rate limit)",
                  s.records, s.objects, static_cast<double>(s.bytes) / 1e3, flags.out, s.seconds,
                  s.locations, s.sensors, s.sensors_fetched, s.sensors_up_to_date, s.sensors_idle,
                  s.api.requests, s.api.retries, s.api.throttled, s.api.waited_seconds),
      {{"locations", s.locations},
       {"sensors", s.sensors},
       {"sensors_fetched", s.sensors_fetched},
       {"records", s.records},
       {"objects", s.objects},
       {"requests", s.api.requests},
       {"retries", s.api.retries},
       {"throttled", s.api.throttled},
       {"seconds", s.seconds}});
  return kExitOk;
}

}  // namespace

void AddIngestCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<IngestFlags>();
  CLI::App* command =
      app.add_subcommand("ingest",
                         "Fetch OpenAQ v3 data for a country into gzip JSON Lines, incrementally "
                         "(key: OPENAQ_API_KEY or --api-key-secret; API root: OPENAQ_API_URL)");
  command->add_option("--country", flags->country, "ISO country code, e.g. BE")->required();
  command->add_option("--parameters", flags->parameters,
                      "Parameters to keep, comma-separated (pm10,pm25); default: all");
  command->add_option("--from", flags->from,
                      "Start (2024-01-01 or a date-time); default: each sensor's watermark, or "
                      "one day before --to for a new sensor");
  command->add_option("--to", flags->to, "End, exclusive; default: now, cut to the hour");
  command->add_option("--out", flags->out, "Output directory or s3://bucket/prefix/")->required();
  command->add_option("--data", flags->data, "Which v3 sensor endpoint: measurements, hours, days")
      ->check(CLI::IsMember({"measurements", "hours", "days"}))
      ->capture_default_str();
  command->add_option("--api-key-secret", flags->api_key_secret,
                      "AWS Secrets Manager secret (name or ARN) holding the OpenAQ API key");
  // For tests and for keys with custom limits; hidden from --help.
  command->add_option("--rate-limits", flags->rate_limits, "LIMIT/SECONDS,...")->group("");
  command->add_option("--request-timeout", flags->request_timeout, "Seconds")->group("");
  command->add_option("--max-server-wait", flags->max_server_wait, "Seconds")->group("");
  command->add_option("--retry-delay-ms", flags->retry_delay_ms, "First backoff")->group("");
  BindEnvironment(*command);
  command->callback([flags, exit_code] { *exit_code = Ingest(*flags); });
}

}  // namespace aq::cli

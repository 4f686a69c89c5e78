#include "cli/aws_check_command.h"

#include <cstdarg>
#include <cstdio>
#include <memory>

#include "cli/log.h"

#include "clients/aws/aws_session.h"
#include "clients/aws/crypto.h"
#include "clients/aws/secret_json.h"
#include "clients/aws/secrets_manager.h"
#include "io/s3/filesystem.h"
#include "sinks/snowflake/login.h"

namespace aq::cli {
namespace {

// Every line goes through cli/log, so that --log-format json gives one JSON object per line.
void PrintError(const std::string& what, const Status& status) {
  Log("error", "aws-check: " + what + ": " + status.message());
}

__attribute__((format(printf, 1, 2))) std::string Format(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char text[2048];
  std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  return text;
}

// "****************WXYZ", as `aws configure list` shows an access key id.
std::string MaskKeyId(const std::string& key_id) {
  if (key_id.size() <= 4) return "****";
  return std::string(key_id.size() - 4, '*') + key_id.substr(key_id.size() - 4);
}

std::string EndpointLine(const std::string& configured, const std::string& fallback) {
  return configured.empty() ? fallback + " (AWS default)" : configured + " (override)";
}

// Reads `object` through, up to `limit` bytes; its byte count and SHA-256.
Result<std::pair<uint64_t, std::string>> ReadThrough(FileSystem& fs, const ObjectInfo& object,
                                                     uint64_t limit) {
  AQ_ASSIGN_OR_RETURN(auto stream, fs.OpenRead(object, 0, limit));
  aws::Sha256Hasher hasher;
  uint64_t total = 0;
  std::string buffer(256 * 1024, '\0');
  for (;;) {
    AQ_ASSIGN_OR_RETURN(size_t n, stream->Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    hasher.Update(std::string_view(buffer.data(), n));
    total += n;
  }
  return std::make_pair(total, hasher.HexDigest());
}

bool CheckSource(FileSystem& fs, const AwsCheckOptions& options) {
  auto listed = fs.List(options.source);
  if (listed.ok() && listed->empty() && !options.source.ends_with("/")) {
    // Nothing under it: ask for it as one object, for a precise "no such key".
    auto stat = fs.Stat(options.source);
    listed = stat.ok() ? Result<std::vector<ObjectInfo>>(std::vector<ObjectInfo>{*stat})
                       : Result<std::vector<ObjectInfo>>(stat.status());
  }
  if (!listed.ok()) {
    PrintError("source " + options.source, listed.status());
    return false;
  }
  uint64_t total = 0;
  for (const auto& object : *listed) total += object.size;
  Report(Format("source:       %s: %zu objects, %llu bytes", options.source.c_str(), listed->size(),
                static_cast<unsigned long long>(total)),
         {{"check", "source"},
          {"source", options.source},
          {"objects", static_cast<uint64_t>(listed->size())},
          {"bytes", total}});
  size_t shown =
      options.read_all ? listed->size() : std::min<size_t>(listed->size(), options.max_objects);
  for (size_t i = 0; i < shown; ++i) {
    const ObjectInfo& object = (*listed)[i];
    std::string digest;
    if (options.read_all) {
      auto read = ReadThrough(fs, object, kToEnd);
      if (!read.ok()) {
        PrintError("reading " + object.path, read.status());
        return false;
      }
      if (read->first != object.size) {
        Log("error",
            Format("aws-check: %s: read %llu bytes, listed as %llu", object.path.c_str(),
                   static_cast<unsigned long long>(read->first),
                   static_cast<unsigned long long>(object.size)),
            {{"read_bytes", read->first}, {"listed_bytes", object.size}});
        return false;
      }
      digest = "  sha256:" + read->second;
    }
    Report(Format("  %12llu  %s%s", static_cast<unsigned long long>(object.size),
                  object.path.c_str(), digest.c_str()),
           {{"check", "object"}, {"path", object.path}, {"bytes", object.size}});
  }
  if (shown < listed->size()) {
    Report(Format("  ... and %zu more", listed->size() - shown),
           {{"check", "objects_not_shown"},
            {"objects", static_cast<uint64_t>(listed->size() - shown)}});
  }
  if (!options.read_all && !listed->empty()) {
    auto read = ReadThrough(fs, listed->front(), 1024);
    if (!read.ok()) {
      PrintError("reading " + listed->front().path, read.status());
      return false;
    }
    Report(Format("readable:     %s (first %llu bytes read)", listed->front().path.c_str(),
                  static_cast<unsigned long long>(read->first)),
           {{"check", "readable"}, {"path", listed->front().path}, {"bytes", read->first}});
  }
  return true;
}

// A fixed, non-repeating-looking pattern: byte i of the probe.
char ProbeByte(uint64_t i) { return static_cast<char>((i * 2654435761u) >> 13); }

bool CheckWrite(FileSystem& fs, const AwsCheckOptions& options) {
  const std::string& path = options.write_probe;
  aws::Sha256Hasher written;
  Status status = [&]() -> Status {
    AQ_ASSIGN_OR_RETURN(auto out, fs.OpenWrite(path));
    std::string chunk;
    for (uint64_t done = 0; done < options.probe_bytes;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(1 << 20, options.probe_bytes - done));
      chunk.resize(n);
      for (size_t i = 0; i < n; ++i) chunk[i] = ProbeByte(done + i);
      written.Update(chunk);
      AQ_RETURN_IF_ERROR(out->Write(chunk));
      done += n;
    }
    return out->Close();
  }();
  if (!status.ok()) {
    PrintError("writing " + path, status);
    return false;
  }
  std::string digest = written.HexDigest();
  auto info = fs.Stat(path);
  auto read = info.ok() ? ReadThrough(fs, *info, kToEnd)
                        : Result<std::pair<uint64_t, std::string>>(info.status());
  if (!read.ok()) {
    PrintError("reading back " + path, read.status());
    return false;
  }
  if (read->first != options.probe_bytes || read->second != digest) {
    Log("error",
        Format("aws-check: %s: read back %llu bytes with another checksum", path.c_str(),
               static_cast<unsigned long long>(read->first)),
        {{"read_bytes", read->first}});
    return false;
  }
  Report(Format("write probe:  %s: %llu bytes written and read back, sha256:%s", path.c_str(),
                static_cast<unsigned long long>(options.probe_bytes), digest.c_str()),
         {{"check", "write_probe"},
          {"path", path},
          {"bytes", options.probe_bytes},
          {"sha256", digest}});
  if (!options.keep_probe) {
    if (Status deleted = fs.Delete(path); !deleted.ok()) {
      PrintError("deleting " + path, deleted);
      return false;
    }
  }
  return true;
}

bool CheckSecret(const std::shared_ptr<aws::AwsSession>& session, const std::string& name) {
  aws::SecretsManagerClient secrets(session);
  auto secret = secrets.GetSecretValue(name);
  if (!secret.ok()) {
    PrintError("secret " + name, secret.status());
    return false;
  }
  auto members = aws::ParseSecretJson(secret->secret_string, name, snowflake::kLoginSecretKeys);
  if (!members.ok()) {
    PrintError("secret " + name, members.status());
    return false;
  }
  std::string list;
  for (const auto& key : aws::SecretKeyNames(*members)) list += (list.empty() ? "" : ", ") + key;
  Report(Format("secret:       %s (%s): keys %s", name.c_str(), secret->arn.c_str(), list.c_str()),
         {{"check", "secret"}, {"secret", name}, {"arn", secret->arn}, {"keys", list}});
  // The capstone's secret is the Snowflake login.
  auto login = snowflake::ParseSnowflakeLogin(*members, name);
  if (!login.ok()) {
    PrintError("warehouse login", login.status());
    return false;
  }
  const char* kind = login->private_key.empty() ? "password" : "key-pair";
  Report(
      Format("warehouse login: valid (%s login)", kind),
      {{"check", "warehouse_login"}, {"login", kind}, {"user", login->user}, {"url", login->url}});
  return true;
}

}  // namespace

int RunAwsCheck(const AwsCheckOptions& options) {
  auto session_or = aws::AwsSession::FromEnvironment();
  if (!session_or.ok()) {
    PrintError("configuration", session_or.status());
    return 1;
  }
  std::shared_ptr<aws::AwsSession> session = std::move(session_or).value();
  const aws::AwsConfig& config = session->config();

  Report(Format("profile:      %s%s", config.profile.c_str(),
                config.profile_explicit ? " (AWS_PROFILE)" : ""),
         {{"check", "profile"}, {"profile", config.profile}});
  Report(Format("region:       %s (from %s)", config.region.c_str(), config.region_source.c_str()),
         {{"check", "region"}, {"region", config.region}, {"from", config.region_source}});
  std::string s3 =
      EndpointLine(config.s3_endpoint, "https://<bucket>.s3." + config.region + ".amazonaws.com");
  Report(Format("s3 endpoint:  %s%s", s3.c_str(),
                config.s3_endpoint.empty() ? ", virtual-host style" : ", path style"),
         {{"check", "s3_endpoint"}, {"endpoint", s3}});
  std::string sts = EndpointLine(config.sts_endpoint, aws::StsEndpoint(config));
  Report("sts endpoint: " + sts, {{"check", "sts_endpoint"}, {"endpoint", sts}});
  std::string secrets = EndpointLine(config.secrets_endpoint, aws::SecretsManagerEndpoint(config));
  Report("secrets endpoint: " + secrets, {{"check", "secrets_endpoint"}, {"endpoint", secrets}});

  auto credentials = session->credentials().Get();
  if (!credentials.ok()) {
    PrintError("credentials", credentials.status());
    return 1;
  }
  std::string expires;
  if (credentials->expiration)
    expires = ", expires " + aws::FormatAwsTimestamp(*credentials->expiration);
  Report(Format("credentials:  %s (access key %s%s)", credentials->source.c_str(),
                MaskKeyId(credentials->access_key_id).c_str(), expires.c_str()),
         {{"check", "credentials"},
          {"source", credentials->source},
          {"access_key", MaskKeyId(credentials->access_key_id)}});
  bool ok = true;
  auto arn = session->sts().GetCallerIdentityArn(*credentials);
  if (arn.ok()) {
    Report("identity:     " + *arn, {{"check", "identity"}, {"arn", *arn}});
  } else {
    PrintError("identity (STS GetCallerIdentity)", arn.status());
    ok = false;
  }

  if (!options.source.empty() || !options.write_probe.empty()) {
    auto fs = MakeS3FileSystem(session);
    if (!fs.ok()) {
      PrintError("s3", fs.status());
      return 1;
    }
    if (!options.source.empty()) ok = CheckSource(**fs, options) && ok;
    if (!options.write_probe.empty()) ok = CheckWrite(**fs, options) && ok;
  }
  if (!options.secret.empty()) ok = CheckSecret(session, options.secret) && ok;
  return ok ? 0 : 1;
}

void AddAwsCheckCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<AwsCheckOptions>();
  CLI::App* command = app.add_subcommand("aws-check",
                                         "Show the AWS credentials, identity, region and endpoints "
                                         "in use; list an s3:// source; check a secret");
  command->add_option("--source", options->source,
                      "An s3://bucket/prefix/ to list (first objects and sizes)");
  command->add_option(
      "--secret", options->secret,
      "A Secrets Manager secret name or ARN: shows its key names (never values) and whether it "
      "is a valid warehouse login");
  command
      ->add_option("--max-objects", options->max_objects, "How many objects of --source to print")
      ->capture_default_str();
  command->add_flag("--read-all", options->read_all,
                    "Read every object of --source through; print SHA-256s");
  command->add_option("--write-probe", options->write_probe,
                      "An s3://bucket/key to write a test object to, read back and delete");
  command->add_option("--probe-bytes", options->probe_bytes, "Size of the write probe")
      ->capture_default_str();
  command->add_flag("--keep-probe", options->keep_probe, "Leave the write probe in place");
  command->callback([options, exit_code] { *exit_code = RunAwsCheck(*options); });
}

}  // namespace aq::cli

// `aqpipe aws-check`: a diagnostic of the AWS set-up, for users and tests.
//
// Prints which credential source is in use, the caller identity, the region
// and the endpoints. With --source: the objects under an s3:// prefix (or
// the one object it names) with their sizes, and a read of the first one
// (proving s3:GetObject); --read-all reads every object through and prints
// its SHA-256. With --secret: the secret's key NAMES and whether it maps to a
// valid warehouse login. With --write-probe URI: writes --probe-bytes of a
// fixed pattern there (multipart beyond 8 MiB), reads it back, compares, and
// deletes it unless --keep-probe.
//
// Never prints a secret value: every message passes the redaction registry.
//
// Thread safety: call from main's thread. Output: stdout; errors on stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace aq::cli {

struct AwsCheckOptions {
  std::string source;       // "s3://bucket/prefix/" or empty
  std::string secret;       // secret name or ARN, or empty
  int max_objects = 10;     // objects of --source printed
  bool read_all = false;    // read every object of --source, print SHA-256s
  std::string write_probe;  // "s3://bucket/key" or empty
  uint64_t probe_bytes = 4096;
  bool keep_probe = false;
};

// Returns the process exit code: 0 when every check passed, 1 otherwise.
int RunAwsCheck(const AwsCheckOptions& options);

// Registers `aws-check` on `app` in the style of cli/commands.h: when chosen,
// runs RunAwsCheck and stores its exit code in *exit_code.
void AddAwsCheckCommand(CLI::App& app, int* exit_code);

}  // namespace aq::cli

// The exit codes every aqpipe command ends with, chosen so that a scheduler (AWS Batch's
// retryStrategy.evaluateOnExit, Airflow retries, a Kubernetes Job's podFailurePolicy) can
// retry only what may succeed on a second try:
//   0  ok
//   1  permanent failure: the message says what to fix (login refused, table clash, missing
//      object); retrying the same job fails again
//   2  usage error: a flag, variable or URI is malformed
//   3  bad data: too many quarantined records, or data that cannot be loaded safely
//   75 transient failure (EX_TEMPFAIL of sysexits.h): a network error, a timeout, throttling,
//      HTTP 5xx, a busy warehouse; nothing half-loaded, so the same job may simply run again
#pragma once

#include "common/status.h"

namespace aq::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBadData = 3;
inline constexpr int kExitTransient = 75;

// The exit code for a failed command's status.
inline int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    case StatusCode::kDataError:
      return kExitBadData;
    case StatusCode::kUnavailable:
      return kExitTransient;
    default:
      return kExitFailure;
  }
}

}  // namespace aq::cli

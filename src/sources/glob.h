// Glob patterns for --source, one matcher for local paths and S3 keys, with the semantics of
// bash's globstar and Python's glob.glob(recursive=True):
//
//   *       any run of characters within one path component (never '/')
//   ?       one character other than '/'
//   [abc]   one character of the set; [a-z] ranges, [!a] or [^a] negation; never '/'
//   **      as a whole component: zero or more directories ("raw/**/*.gz" matches raw/a.gz and
//           raw/x/y/a.gz); inside a component ("a**b") it is the same as '*'
//   \c      the character c itself
//
// A wildcard does not match a leading '.' of a component (hidden files and folders): ".*" and
// "x/.cache/*" name them explicitly. Matching is case-sensitive, like S3 keys and Linux paths.
#pragma once

#include <string>
#include <string_view>

namespace aq {

bool HasGlob(std::string_view spec);
// True when `path` matches `pattern` as a whole. Both are '/'-separated; a pattern component
// matches exactly one path component, except "**".
bool GlobMatch(std::string_view pattern, std::string_view path);
// The leading part of `pattern` that has no wildcard, up to and including its last '/'
// ("raw/2024/*.gz" -> "raw/2024/", "s3://b/raw/**" -> "s3://b/raw/", "*.json" -> "").
std::string GlobRoot(std::string_view pattern);

}  // namespace aq

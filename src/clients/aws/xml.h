// A tiny XML field extractor for S3 and STS responses.
//
// These responses are flat, generated documents (<Contents><Key>..</Key>..),
// so a full parser buys nothing: we find elements by name and decode the five
// predefined entities and numeric character references. Not handled, by
// design: namespace prefixes, CDATA, comments inside the searched elements.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aq::aws::xml {

// The raw (still escaped) content of each <tag>...</tag> in `document`, in
// order. An element <tag/> yields an empty view. Elements are not nested in
// one another under the same name in the documents we read.
std::vector<std::string_view> Elements(std::string_view document, std::string_view tag);

// The decoded text of the first <tag> element, if there is one.
std::optional<std::string> Text(std::string_view document, std::string_view tag);

// Decodes &amp; &lt; &gt; &quot; &apos; &#NN; &#xNN; (UTF-8 out).
std::string Unescape(std::string_view text);

}  // namespace aq::aws::xml

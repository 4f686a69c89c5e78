#include "sources/source.h"

#include <cctype>
#include <filesystem>
#include <set>

#include "io/stdin/filesystem.h"

namespace aq {

bool LooksLikeJsonData(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view codec : {".gz", ".gzip", ".zst", ".zstd"}) {
    if (lower.ends_with(codec)) {
      lower.resize(lower.size() - codec.size());
      break;
    }
  }
  size_t dot = lower.rfind('.');
  if (dot == std::string::npos) return true;  // no extension: sniffed like any other file
  std::string_view extension = std::string_view(lower).substr(dot + 1);
  return extension == "json" || extension == "jsonl" || extension == "ndjson";
}

namespace {

// Whether a listing reads the file at `relative` (its path below the folder listed): JSON-ish by
// name, not a job marker or README beside the data, not inside a '_' folder (_temporary/,
// _aqpipe_stage/).
bool IsDataFile(std::string_view relative) {
  size_t slash = relative.rfind('/');
  std::string_view name = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
  if (relative.starts_with("_") || relative.find("/_") != std::string_view::npos) return false;
  std::string upper(name.substr(0, 6));
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper != "README" && LooksLikeJsonData(name);
}

// A glob whose last component ends in a literal extension ("*.txt", "part-?.csv.gz") or has no
// wildcard picks its files itself; any other ("raw/*", "raw/**", "x-*") is a listing.
bool GlobIsAListing(std::string_view spec) {
  std::string_view last = spec.substr(spec.rfind('/') + 1);
  size_t wildcard = last.find_last_of("*?[]");
  if (wildcard == std::string_view::npos) return false;
  std::string_view tail = last.substr(wildcard + 1);
  size_t dot = tail.find('.');
  return dot == std::string_view::npos || dot + 1 == tail.size();
}

// The part of a listed path below the folder `root` that was listed.
std::string_view Below(std::string_view path, std::string_view root) {
  if (!path.starts_with(root) || path.size() <= root.size()) return {};
  std::string_view rest = path.substr(root.size());
  if (!root.ends_with('/')) {
    if (!rest.starts_with('/')) return {};
    rest.remove_prefix(1);
  }
  return rest;
}

struct Listed {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> skipped_by_name;
};

Result<Listed> ListSpec(const std::string& spec, FileSystem& fs,
                        std::vector<std::string>* passed_over) {
  Listed out;
  if (!HasGlob(spec)) {
    auto listed = fs.List(spec, passed_over);
    if (!listed.ok() && listed.status().code() == StatusCode::kNotFound) {
      return NotFound("source " + spec + " does not exist (check the path or prefix)");
    }
    if (!listed.ok()) return listed.status();
    for (auto& object : *listed) {
      if (object.path == spec || IsDataFile(Below(object.path, spec))) {
        out.objects.push_back(std::move(object));
      } else {
        out.skipped_by_name.push_back(object.path);
      }
    }
    return out;
  }
  std::string root = GlobRoot(spec);
  std::string listed_root = root.empty() ? "." : root;
  auto all = fs.List(listed_root, passed_over);
  if (!all.ok() && all.status().code() == StatusCode::kNotFound) {
    return NotFound("source " + spec + " matches no files (" + listed_root + " does not exist)");
  }
  if (!all.ok()) return all.status();
  std::string_view pattern = std::string_view(spec).substr(root.size());
  bool listing = GlobIsAListing(spec);
  for (auto& object : *all) {
    std::string_view relative = Below(object.path, listed_root);
    if (relative.empty() || !GlobMatch(pattern, relative)) continue;
    // Files a pattern without a folder matched are named as the user would ("a.json", not
    // "./a.json").
    std::string path = root.empty() ? std::string(relative) : object.path;
    if (listing && !IsDataFile(relative)) {
      out.skipped_by_name.push_back(std::move(path));
      continue;
    }
    object.path = std::move(path);
    out.objects.push_back(std::move(object));
  }
  return out;
}

std::string SkippedByNameNote(const std::vector<std::string>& paths) {
  constexpr size_t kShown = 5;
  std::string note = "skipped " + std::to_string(paths.size()) +
                     (paths.size() == 1 ? " file that is" : " files that are") +
                     " not JSON data by name (";
  for (size_t i = 0; i < paths.size() && i < kShown; ++i) note += (i ? ", " : "") + paths[i];
  if (paths.size() > kShown) note += " and " + std::to_string(paths.size() - kShown) + " more";
  return note +
         "); only .json, .jsonl, .ndjson (also .gz/.zst) and names without an extension are read "
         "from a folder. Name a file, or a glob with its extension (dir/*.txt), to read it";
}

// What identifies a file across --source values: its canonical path for local files (a link and
// its target are one file), the URI otherwise.
std::string Identity(const SourceObject& object, bool local) {
  if (!local || object.info.stream) return object.info.path;
  std::error_code ec;
  auto canonical = std::filesystem::canonical(object.info.path, ec);
  return ec ? object.info.path : canonical.string();
}

}  // namespace

Result<std::vector<SourceObject>> ResolveSources(const std::vector<std::string>& specs,
                                                 FileSystemRegistry& registry,
                                                 std::vector<std::string>* notes) {
  if (specs.empty()) return InvalidArgument("no --source given");
  std::vector<SourceObject> out;
  std::set<std::string> seen;
  std::vector<std::string> skipped_by_name;
  std::vector<std::string> passed_over;
  for (const auto& spec : specs) {
    if (spec == kStdinSource) {
      if (seen.insert(spec).second) out.push_back({registry.Stdin(), StdinFileSystem::Object()});
      continue;
    }
    AQ_ASSIGN_OR_RETURN(FileSystem * fs, registry.For(spec));
    AQ_ASSIGN_OR_RETURN(Listed listed, ListSpec(spec, *fs, &passed_over));
    if (listed.objects.empty()) {
      if (listed.skipped_by_name.empty()) return NotFound("source " + spec + " matches no files");
      return NotFound("source " + spec +
                      " matches no JSON data files: " + SkippedByNameNote(listed.skipped_by_name));
    }
    skipped_by_name.insert(skipped_by_name.end(), listed.skipped_by_name.begin(),
                           listed.skipped_by_name.end());
    bool local = SchemeOf(spec).empty();
    for (auto& object : listed.objects) {
      SourceObject source{fs, std::move(object)};
      // One --source is deduplicated by its listing; several may name a file twice.
      if (!seen.insert(specs.size() == 1 ? source.info.path : Identity(source, local)).second)
        continue;
      out.push_back(std::move(source));
    }
  }
  if (notes) {
    if (!skipped_by_name.empty()) notes->push_back(SkippedByNameNote(skipped_by_name));
    notes->insert(notes->end(), passed_over.begin(), passed_over.end());
  }
  return out;
}

}  // namespace aq

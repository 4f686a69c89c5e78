#include "normalize/flattener.h"

#include <charconv>
#include <cstring>
#include <string>

#include "normalize/json_number.h"

namespace aq {
namespace ondemand = simdjson::ondemand;
namespace {

constexpr const char* kNonFiniteReason =
    "NaN and Infinity are not valid JSON numbers (write null for a missing value)";

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string DescribeParseError(simdjson::error_code error) {
  switch (error) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "malformed JSON: unbalanced braces or brackets, a missing comma or colon, or a "
             "truncated record";
    case simdjson::UNCLOSED_STRING:
      return "malformed JSON: a string is not terminated";
    case simdjson::UTF8_ERROR:
      return "the record is not valid UTF-8";
    case simdjson::NUMBER_ERROR:
      return "malformed JSON: a number is not valid";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "malformed JSON: expected true, false or null";
    case simdjson::EMPTY:
      return "empty record";
    default:
      return std::string("malformed JSON: ") + simdjson::error_message(error);
  }
}

const char* JsonTypeName(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::array:
      return "an array";
    case ondemand::json_type::object:
      return "an object";
    case ondemand::json_type::number:
      return "a number";
    case ondemand::json_type::string:
      return "a string";
    case ondemand::json_type::boolean:
      return "a boolean";
    case ondemand::json_type::null:
      return "null";
  }
  return "a value";
}

// Length of a raw key starting after its opening quote; sets *escaped when it holds a backslash.
size_t RawKeyLength(const char* p, bool* escaped) {
  const char* start = p;
  while (*p != '"') {
    if (*p == '\\') {
      *escaped = true;
      ++p;
    }
    ++p;
  }
  return static_cast<size_t>(p - start);
}

}  // namespace

Flattener::Flattener(ColumnRegistry* registry, int max_depth)
    : registry_(registry), max_depth_(max_depth) {
  nodes_.emplace_back();  // root
  size_t keys = registry_->key_columns().size();
  all_keys_mask_ = keys >= 64 ? ~uint64_t{0} : (uint64_t{1} << keys) - 1;
}

bool Flattener::Fail(std::string reason) {
  reason_ = std::move(reason);
  return false;
}

// NaN and Infinity are what JavaScript and Python write for missing or overflowing values.
static bool LooksLikeNonFinite(std::string_view token) {
  if (!token.empty() && (token.front() == '-' || token.front() == '+')) token.remove_prefix(1);
  return token.starts_with("NaN") || token.starts_with("Infinity") || token.starts_with("Inf");
}

bool Flattener::FailOnValue(simdjson::error_code error, ondemand::value& value) {
  if (LooksLikeNonFinite(value.raw_json_token())) return Fail(kNonFiniteReason);
  return Fail(DescribeParseError(error));
}

uint32_t Flattener::Child(uint32_t node, std::string_view key, size_t* hint) {
  // Records of one source usually list keys in the same order: try the next child first.
  const std::vector<uint32_t>& children = nodes_[node].children;
  if (*hint < children.size() && nodes_[children[*hint]].key == key) return children[(*hint)++];
  for (size_t i = 0; i < children.size(); ++i) {
    if (nodes_[children[i]].key == key) {
      *hint = i + 1;
      return children[i];
    }
  }
  Node child;
  child.key = std::string(key);
  child.id = registry_->Intern(nodes_[node].id, key);
  child.key_index = registry_->Get(child.id).key_index;
  auto index = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(std::move(child));
  nodes_[node].children.push_back(index);
  *hint = nodes_[node].children.size();
  return index;
}

void Flattener::Emit(uint32_t node, CellKind kind, std::string_view text, RecordBatch* batch,
                     uint32_t aux) {
  const Node& n = nodes_[node];
  if (n.key_index >= 0 && kind != CellKind::kNull) key_mask_ |= uint64_t{1} << n.key_index;
  batch->cells.push_back({text.data(), static_cast<uint32_t>(text.size()), n.id, kind, aux});
}

bool Flattener::WalkObject(ondemand::object object, uint32_t node, RecordBatch* batch, int depth) {
  // depth counts the objects around this one: the record itself is at depth 0, level 1.
  if (depth >= max_depth_) {
    return Fail("objects are nested more than " + std::to_string(max_depth_) +
                " levels deep, the limit --max-depth sets (raise it to load such records)");
  }
  size_t hint = 0;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) {
      // A wrong type here means the object's own structure is broken (a key without ':').
      return Fail(
          DescribeParseError(error == simdjson::INCORRECT_TYPE ? simdjson::TAPE_ERROR : error));
    }
    const char* raw_key = field.key().raw();
    bool escaped = false;
    std::string_view key(raw_key, RawKeyLength(raw_key, &escaped));
    if (escaped) {
      if (auto error = field.unescaped_key().get(key)) return Fail(DescribeParseError(error));
    }
    uint32_t child = Child(node, key, &hint);
    if (!AddValue(field.value(), child, batch, depth + 1)) return false;
  }
  return true;
}

bool Flattener::AddString(std::string_view token, ondemand::value& value, uint32_t node,
                          RecordBatch* batch) {
  // token is the quoted string as written; copy only when it has escapes to resolve.
  std::string_view text = token.substr(1, token.size() >= 2 ? token.size() - 2 : 0);
  if (std::memchr(text.data(), '\\', text.size()) != nullptr) {
    std::string_view unescaped;
    if (auto error = value.get_string().get(unescaped)) return FailOnValue(error, value);
    text = batch->arena.Copy(unescaped);
  }
  Timestamp ts;
  const char* reason = nullptr;
  switch (ParseTimestamp(text, &ts, &reason)) {
    case TimestampParse::kNotTimestamp:
      Emit(node, CellKind::kString, text, batch);
      return true;
    case TimestampParse::kMalformed:
      Emit(node, CellKind::kBadTimestamp, text, batch);
      return true;
    case TimestampParse::kOk:
      break;
  }
  auto index = static_cast<uint32_t>(batch->timestamps.size());
  batch->timestamps.push_back(ts);
  Emit(node, CellKind::kTimestamp, text, batch, index);
  if (ts.has_offset && !ts.zulu) {
    // Keep the written UTC offset so local wall-clock time stays recoverable.
    Node& n = nodes_[node];
    if (n.companion == kRootPath) {
      Node companion;
      companion.id = registry_->InternOffsetCompanion(n.id);
      n.companion = static_cast<uint32_t>(nodes_.size());
      nodes_.push_back(std::move(companion));
    }
    char* digits = batch->arena.Allocate(8);
    auto [end, ec] = std::to_chars(digits, digits + 8, static_cast<int>(ts.offset_minutes));
    (void)ec;
    Emit(nodes_[node].companion, CellKind::kInt64, {digits, static_cast<size_t>(end - digits)},
         batch);
  }
  return true;
}

bool Flattener::AddValue(ondemand::value value, uint32_t node, RecordBatch* batch, int depth) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return FailOnValue(error, value);
  switch (type) {
    case ondemand::json_type::object: {
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return FailOnValue(error, value);
      Node& n = nodes_[node];
      if (!n.marked_parent) {
        registry_->MarkHasChildren(n.id);
        n.marked_parent = true;
      }
      return WalkObject(object, node, batch, depth);
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      std::string_view raw;
      if (auto error = value.get_array().get(array)) return FailOnValue(error, value);
      if (auto error = array.raw_json().get(raw)) return Fail(DescribeParseError(error));
      raw = TrimRight(raw);
      // The lazy parser skipped the array's contents: validate them before keeping the text.
      simdjson::dom::element ignored;
      if (auto error = array_validator_.parse(raw.data(), raw.size(), true).get(ignored)) {
        bool non_finite = raw.find("NaN") != std::string_view::npos ||
                          raw.find("Infinity") != std::string_view::npos;
        return Fail(non_finite ? kNonFiniteReason : DescribeParseError(error));
      }
      Emit(node, CellKind::kJson, raw, batch);
      return true;
    }
    case ondemand::json_type::number: {
      std::string_view token = TrimRight(value.raw_json_token());
      const NumberClass number_class = ClassifyJsonNumber(token);
      switch (number_class) {
        case NumberClass::kInt64:
          Emit(node, CellKind::kInt64, token, batch);
          return true;
        case NumberClass::kDouble:
          Emit(node, CellKind::kDouble, token, batch);
          return true;
        case NumberClass::kHugeInteger:
          Emit(node, CellKind::kHugeInteger, token, batch);
          return true;
        case NumberClass::kTooLarge:
        case NumberClass::kTooCloseToZero:
          return Fail(std::string(OutOfRangeReasonPrefix(number_class)) +
                      std::string(token.substr(0, 40)));
        case NumberClass::kInvalid:
          break;
      }
      if (LooksLikeNonFinite(token)) return Fail(kNonFiniteReason);
      return Fail("malformed JSON: '" + std::string(token.substr(0, 40)) +
                  "' is not a valid number");
    }
    case ondemand::json_type::string:
      return AddString(TrimRight(value.raw_json_token()), value, node, batch);
    case ondemand::json_type::boolean: {
      bool b = false;
      if (value.get_bool().get(b)) return FailOnValue(simdjson::T_ATOM_ERROR, value);
      Emit(node, CellKind::kBool, b ? "true" : "false", batch);
      return true;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) || !is_null)
        return FailOnValue(simdjson::N_ATOM_ERROR, value);
      Emit(node, CellKind::kNull, {}, batch);
      return true;
    }
  }
  return Fail("unknown JSON value type");
}

void Flattener::Add(std::string_view record, RecordRef ref, RecordBatch* batch) {
  size_t first_cell = batch->cells.size();
  size_t first_timestamp = batch->timestamps.size();
  key_mask_ = 0;
  reason_.clear();
  ++batch->records_seen;

  bool ok = [&] {
    ondemand::document doc;
    simdjson::padded_string_view padded(record.data(), record.size(),
                                        record.size() + kBufferPadding);
    if (auto error = parser_.iterate(padded).get(doc)) return Fail(DescribeParseError(error));
    ondemand::json_type type;
    if (auto error = doc.type().get(type)) {
      std::string_view token;
      if (!doc.raw_json_token().get(token) &&
          (token.starts_with("NaN") || token.starts_with("Inf"))) {
        return Fail("NaN and Infinity are not valid JSON numbers (write null for a missing value)");
      }
      return Fail(DescribeParseError(error));
    }
    if (type != ondemand::json_type::object) {
      return Fail(std::string("the record is ") + JsonTypeName(type) + ", not a JSON object");
    }
    ondemand::object object;
    if (auto error = doc.get_object().get(object)) return Fail(DescribeParseError(error));
    if (!WalkObject(object, 0, batch, 0)) return false;
    // Anything but the end after the object's closing brace is trailing garbage.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
      return Fail("malformed JSON: unexpected text after the record's closing brace");
    return true;
  }();

  if (ok && key_mask_ != all_keys_mask_) {
    std::string missing;
    const auto& keys = registry_->key_columns();
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!(key_mask_ & (uint64_t{1} << i))) missing += (missing.empty() ? "" : ", ") + keys[i];
    }
    ok = Fail("missing natural key column(s): " + missing +
              " (null or absent; pass --key to use other columns)");
  }
  if (!ok) {
    batch->cells.resize(first_cell);
    batch->timestamps.resize(first_timestamp);
    batch->rejects.push_back({ref, std::move(reason_)});
    return;
  }
  for (size_t i = first_cell; i < batch->cells.size(); ++i) {
    batch->NoteColumn(batch->cells[i].column, batch->cells[i].kind);
  }
  batch->row_end.push_back(static_cast<uint32_t>(batch->cells.size()));
  batch->rows.push_back(ref);
}

}  // namespace aq

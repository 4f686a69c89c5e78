// TypeMapper: how one warehouse spells aqpipe's types as column types, and
// which aqpipe type an existing column holds (docs/type-mapping.md). Each
// warehouse folder has one (sqlite/, postgresql/, snowflake/ type_mapping.h)
// and registers it with its SinkSpec.
//
// Thread safety: implementations are stateless; one instance serves every thread.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "normalize/types.h"

namespace aq {

// A column's type as the warehouse's catalog reports it: its name, and for fixed-point types the
// digits after the decimal point (0 elsewhere).
struct DeclaredColumn {
  std::string_view type;
  int scale = 0;
};

class TypeMapper {
 public:
  virtual ~TypeMapper() = default;
  // The column type a new column of `type` is created with (Type::kNull: the type of a column
  // whose values were all null so far).
  virtual const char* DeclaredType(Type type) const = 0;
  // The aqpipe type whose values a column declared as `column` holds without loss, or Type::kNull
  // for column types aqpipe does not load into: those columns accept no data.
  virtual Type TypeOfDeclared(DeclaredColumn column) const = 0;
};

// A TypeMapper given as tables, as most warehouses' mappings are: the declared name of each aqpipe
// type, and the column type names (matched in any case) that read back as each aqpipe type.
class TableTypeMapper : public TypeMapper {
 public:
  struct Declared {
    Type type;
    const char* name;
  };
  struct ReadBack {
    std::string_view name;  // upper case
    Type type;
  };
  // `otherwise`: the declared name of types `declared` leaves out; `unknown`: the type of column
  // types `read_back` leaves out.
  TableTypeMapper(std::vector<Declared> declared, const char* otherwise,
                  std::vector<ReadBack> read_back, Type unknown)
      : declared_(std::move(declared)),
        otherwise_(otherwise),
        read_back_(std::move(read_back)),
        unknown_(unknown) {}

  const char* DeclaredType(Type type) const override;
  Type TypeOfDeclared(DeclaredColumn column) const override;

 private:
  std::vector<Declared> declared_;
  const char* otherwise_;
  std::vector<ReadBack> read_back_;
  Type unknown_;
};

}  // namespace aq

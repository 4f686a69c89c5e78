#include "sinks/sqlite/type_mapping.h"

namespace aq::sqlite {

const TypeMapper& Types() {
  // Arrays are JSON text (SQLite's json_* functions read it); any other declared type is text.
  static const TableTypeMapper mapper({{Type::kBool, "BOOLEAN"},
                                       {Type::kInt64, "BIGINT"},
                                       {Type::kDouble, "DOUBLE"},
                                       {Type::kTimestamp, "TIMESTAMP"}},
                                      "TEXT",
                                      {{"BOOLEAN", Type::kBool},
                                       {"BIGINT", Type::kInt64},
                                       {"INTEGER", Type::kInt64},
                                       {"INT", Type::kInt64},
                                       {"DOUBLE", Type::kDouble},
                                       {"REAL", Type::kDouble},
                                       {"FLOAT", Type::kDouble},
                                       {"TIMESTAMP", Type::kTimestamp}},
                                      Type::kString);
  return mapper;
}

}  // namespace aq::sqlite

#include "sinks/type_mapper.h"

#include <cctype>
#include <string>

namespace aq {

const char* TableTypeMapper::DeclaredType(Type type) const {
  for (const Declared& entry : declared_) {
    if (entry.type == type) return entry.name;
  }
  return otherwise_;
}

Type TableTypeMapper::TypeOfDeclared(DeclaredColumn column) const {
  std::string upper(column.type);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const ReadBack& entry : read_back_) {
    if (entry.name == upper) return entry.type;
  }
  return unknown_;
}

}  // namespace aq

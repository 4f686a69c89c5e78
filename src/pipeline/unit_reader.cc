#include "pipeline/unit_reader.h"

#include "readers/decompress.h"
#include "readers/record_format.h"

namespace aq {

Result<std::unique_ptr<ChunkReader>> UnitReader::Open(const SourceObject& object,
                                                      const WorkUnit& unit) {
  ChunkReaderOptions chunk_options{options_.chunk_bytes, options_.max_record_bytes};
  const std::string& name = object.info.path;
  if (unit.end != kToEnd) {
    // A byte range of a plain JSON Lines object: start one byte early to find the first line
    // that begins inside the range.
    uint64_t start = unit.begin == 0 ? 0 : unit.begin - 1;
    AQ_ASSIGN_OR_RETURN(auto stream, object.fs->OpenRead(object.info, start, kToEnd));
    return std::make_unique<ChunkReader>(std::move(stream), name, RecordFormat::kJsonLines,
                                         chunk_options, unit.begin > 0, unit.end - unit.begin);
  }
  AQ_ASSIGN_OR_RETURN(auto raw, object.fs->OpenRead(object.info, 0, kToEnd));
  AQ_ASSIGN_OR_RETURN(auto decoded, OpenDecoded(std::move(raw), name));
  // Sniff the record layout from the first MiB of decoded text.
  std::string head(1 << 20, '\0');
  size_t have = 0;
  while (have < head.size()) {
    // Decoded streams name the file in their own errors.
    AQ_ASSIGN_OR_RETURN(size_t n, decoded->Read(head.data() + have, head.size() - have));
    if (n == 0) break;
    have += n;
  }
  head.resize(have);
  if (LooksLikeUtf16(head)) {
    return CorruptInput(name +
                        ": the file is UTF-16 text; aqpipe reads JSON in UTF-8: convert it to "
                        "UTF-8 (for example iconv -f UTF-16 -t UTF-8 '" +
                        name + "' > converted.json) and load the converted file");
  }
  RecordFormat format = SniffRecordFormat(head);
  return std::make_unique<ChunkReader>(PrependBytes(std::move(head), std::move(decoded)), name,
                                       format, chunk_options);
}

Status UnitReader::Read(const SourceObject& object, const WorkUnit& unit, uint64_t unit_index,
                        const std::function<bool(std::unique_ptr<RecordBatch>)>& emit) {
  AQ_ASSIGN_OR_RETURN(auto reader, Open(object, unit));
  for (uint64_t chunk_index = 0;; ++chunk_index) {
    auto batch = std::make_unique<RecordBatch>();
    batch->origin = {unit_index, chunk_index, false, unit.object, unit.first_range};
    Chunk chunk;
    AQ_ASSIGN_OR_RETURN(bool more, reader->Next(&chunk));
    if (!more) {
      batch->origin.last_in_unit = true;  // an empty batch closes the unit
      emit(std::move(batch));
      return Status::Ok();
    }
    batch->input = chunk.buffer;
    batch->lines_consumed = chunk.lines_consumed;
    batch->bytes_consumed = chunk.bytes_consumed;
    batch->cells.reserve(chunk.records.size() * 16);
    batch->row_end.reserve(chunk.records.size());
    batch->rows.reserve(chunk.records.size());
    for (const RecordSpan& span : chunk.records) {
      std::string_view text = chunk.text(span);
      RecordRef ref{span.line, span.index, text};
      if (span.problem == SpanProblem::kNone) {
        flattener_.Add(text, ref, batch.get());
      } else {  // the reader already knows this is no record of the file, and why
        ++batch->records_seen;
        batch->rejects.push_back(
            {ref, DescribeSpanProblem(span.problem, options_.max_record_bytes)});
      }
    }
    if (chunk.missing_end) {
      batch->notes.push_back(object.info.path + ": the file is incomplete: it ends before " +
                             chunk.missing_end +
                             " (cut short while it was downloaded or written?); the records "
                             "before that point were read; fetch the file again");
    }
    if (!emit(std::move(batch))) return Status::Ok();
  }
}

}  // namespace aq

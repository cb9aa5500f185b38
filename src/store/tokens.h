#pragma once

#include <QList>
#include <QStringList>

namespace jobpulse {

/** Each word of @p text (split at spaces) as its tokens: the runs of letters and digits, lower
 *  case, as SQLite's unicode61 tokenizer splits them; words without any are left out. What a
 *  search asks the full-text indexes for (Dialect), and the newest log chunks, not indexed
 *  yet, by their text (unindexedChunksHolding). */
QList<QStringList> tokenizedWords(const QString &text);

} // namespace jobpulse

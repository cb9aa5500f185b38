#pragma once

#include "job.h"

#include <QList>
#include <QPair>
#include <QString>
#include <optional>

namespace jobpulse {

/** A label a job must have: (name, value). */
using LabelFilter = QPair<QString, QString>;

/**
 * @brief `name=value` (the command line's `--label`, the API's `?label=`) as a filter;
 * nullopt when the name is not a label name or the value is empty.
 */
std::optional<LabelFilter> parseLabelFilter(const QString &text);

/**
 * @brief A search field's text split into label filters and the words left to search for.
 *
 * A word `name:value` is a label filter when `name` is a label name (`repository:acme/api
 * branch:main`, `actor:"Keith Pitt"` for a value with spaces); `repo:` is short for
 * `repository:`. A word in double quotes is searched for as it is (`"note:x"`).
 */
struct SearchTerms
{
    QString words; // the rest, in order, single-spaced
    QList<LabelFilter> labels;

    static SearchTerms parse(const QString &text);
    /** @p label as a search word: `branch:main`, `actor:"Keith Pitt"`. */
    static QString term(const LabelFilter &label);
};

/** Whether @p job has every label in @p filters. */
bool hasLabels(const Job &job, const QList<LabelFilter> &filters);

} // namespace jobpulse

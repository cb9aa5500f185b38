#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace jobpulse {

/**
 * @brief Writes a JSON object as a person would want a file they wrote by hand written back.
 *
 * QJsonObject keeps its keys sorted, so QJsonDocument would move every key of a config file to
 * alphabetical order. Here the keys follow @p original (the file's text before): keys it has
 * stay where they were, new keys come after them. A value equal to the one in @p original is
 * copied from it byte for byte (spacing, line breaks, numbers as written); an object or array
 * that changed is laid out again, on one line when it was on one line, else one member a
 * line with the file's indentation. Comments are not JSON and there are none to keep.
 *
 * @param original the file's text; empty or not JSON: keys sorted, two-space indentation.
 * @return the text, ending with a newline.
 */
QByteArray writeOrderedJson(const QJsonObject &json, const QByteArray &original);

} // namespace jobpulse

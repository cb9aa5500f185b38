#include "orderedjson.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace jobpulse {

namespace {

/** Where a value is in the original text and, for objects and arrays, what it holds. */
struct Node
{
    qsizetype begin = 0;
    qsizetype end = 0;
    QStringList keys; // an object's keys in the text's order
    QHash<QString, Node> members;
    QList<Node> items; // an array's elements
};

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The text has been parsed by QJsonDocument already: it is well-formed, bounds are checked
// only so that a surprise cannot read past the end.
class Reader
{
public:
    explicit Reader(const QByteArray &text)
        : m_text(text)
    { }

    Node value()
    {
        skipSpace();
        Node node;
        node.begin = m_at;
        const char c = peek();
        if (c == '{') {
            ++m_at;
            while (skipSpace(), m_at < m_text.size() && peek() != '}') {
                const QString key = decoded(string());
                skipSpace();
                ++m_at; // ':'
                if (!node.members.contains(key)) {
                    node.keys.append(key);
                }
                node.members.insert(key, value());
                skipSpace();
                if (peek() == ',') {
                    ++m_at;
                }
            }
            ++m_at;
        } else if (c == '[') {
            ++m_at;
            while (skipSpace(), m_at < m_text.size() && peek() != ']') {
                node.items.append(value());
                skipSpace();
                if (peek() == ',') {
                    ++m_at;
                }
            }
            ++m_at;
        } else if (c == '"') {
            string();
        } else {
            while (m_at < m_text.size() && !isSpace(peek()) && peek() != ',' && peek() != '}'
                && peek() != ']') {
                ++m_at;
            }
        }
        node.end = std::min(m_at, m_text.size());
        return node;
    }

private:
    char peek() const { return m_at < m_text.size() ? m_text.at(m_at) : '\0'; }
    void skipSpace()
    {
        while (m_at < m_text.size() && isSpace(m_text.at(m_at))) {
            ++m_at;
        }
    }
    QByteArray string()
    {
        const qsizetype begin = m_at++;
        while (m_at < m_text.size() && m_text.at(m_at) != '"') {
            m_at += m_text.at(m_at) == '\\' ? 2 : 1;
        }
        ++m_at;
        return m_text.mid(begin, m_at - begin);
    }
    static QString decoded(const QByteArray &quoted)
    {
        return QJsonDocument::fromJson('[' + quoted + ']').array().at(0).toString();
    }

    const QByteArray &m_text;
    qsizetype m_at = 0;
};

QByteArray scalar(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

class Writer
{
public:
    Writer(const QByteArray &original, QByteArray indent)
        : m_original(original)
        , m_indent(std::move(indent))
    { }

    /** @p node and @p before: the value at the same place in the original, if any. */
    void write(QByteArray &out, const QJsonValue &value, const Node *node, const QJsonValue &before,
        int depth, bool oneLine) const
    {
        if (node && value == before) {
            out += m_original.mid(node->begin, node->end - node->begin);
            return;
        }
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            const Node *was = node && before.isObject() ? node : nullptr;
            const QJsonObject beforeObject = before.toObject();
            QStringList keys;
            if (was) {
                for (const QString &key : was->keys) {
                    if (object.contains(key)) {
                        keys.append(key);
                    }
                }
            }
            for (const QString &key : object.keys()) {
                if (!keys.contains(key)) {
                    keys.append(key);
                }
            }
            QList<QByteArray> members;
            const bool inLine = was ? isOneLine(*was) : oneLine;
            for (const QString &key : std::as_const(keys)) {
                QByteArray member = scalar(key) + ": ";
                const Node *child = nullptr;
                if (was) {
                    const auto it = was->members.constFind(key);
                    child = it != was->members.constEnd() ? &*it : nullptr;
                }
                write(member, object.value(key), child, beforeObject.value(key), depth + 1, inLine);
                members.append(member);
            }
            container(out, members, '{', '}', depth, inLine);
        } else if (value.isArray()) {
            const QJsonArray array = value.toArray();
            const Node *was = node && before.isArray() ? node : nullptr;
            const QJsonArray beforeArray = before.toArray();
            const bool inLine = was ? isOneLine(*was) : oneLine;
            QList<QByteArray> items;
            for (qsizetype i = 0; i < array.size(); ++i) {
                QByteArray item;
                const bool known = was && i < was->items.size();
                write(item, array.at(i), known ? &was->items.at(i) : nullptr,
                    known ? beforeArray.at(i) : QJsonValue(QJsonValue::Undefined), depth + 1,
                    inLine);
                items.append(item);
            }
            container(out, items, '[', ']', depth, inLine);
        } else {
            out += scalar(value);
        }
    }

private:
    bool isOneLine(const Node &node) const
    {
        return !m_original.mid(node.begin, node.end - node.begin).contains('\n');
    }
    void container(QByteArray &out, const QList<QByteArray> &parts, char open, char close,
        int depth, bool oneLine) const
    {
        out += open;
        if (parts.isEmpty()) {
            out += close;
            return;
        }
        if (oneLine) {
            out += parts.join(", ");
            out += close;
            return;
        }
        out += '\n';
        for (qsizetype i = 0; i < parts.size(); ++i) {
            out += m_indent.repeated(depth + 1) + parts.at(i);
            out += i + 1 < parts.size() ? ",\n" : "\n";
        }
        out += m_indent.repeated(depth) + close;
    }

    const QByteArray &m_original;
    QByteArray m_indent;
};

// The whitespace that starts the first indented line; two spaces when there is none.
QByteArray indentOf(const QByteArray &text)
{
    for (qsizetype at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
        qsizetype end = at + 1;
        while (end < text.size() && (text.at(end) == ' ' || text.at(end) == '\t')) {
            ++end;
        }
        if (end > at + 1 && end < text.size() && !isSpace(text.at(end))) {
            return text.mid(at + 1, end - at - 1);
        }
    }
    return "  ";
}

} // namespace

QByteArray writeOrderedJson(const QJsonObject &json, const QByteArray &original)
{
    QJsonParseError error {};
    const QJsonDocument before = QJsonDocument::fromJson(original, &error);
    const bool known = error.error == QJsonParseError::NoError && before.isObject();
    Node root;
    if (known) {
        root = Reader(original).value();
    }
    QByteArray out;
    Writer(original, indentOf(original))
        .write(out, json, known ? &root : nullptr,
            known ? QJsonValue(before.object()) : QJsonValue(), 0, false);
    out += '\n';
    return out;
}

} // namespace jobpulse

#include "cli/verbs.h"

#include <QCommandLineParser>
#include <QRegularExpression>
#include <cstdio>
#include <cstdlib>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

void processArguments(QCommandLineParser &parser, const QStringList &arguments)
{
    // QCommandLineParser::process() would name the program by its path alone in the usage
    // line; ours reads "jobpulse send [options]".
    const QString verb = arguments.value(0).section(u' ', -1);
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "jobpulse %s: %s\n", qPrintable(verb), qPrintable(parser.errorText()));
        std::exit(2);
    }
    if (parser.isSet(u"help"_s)) {
        static const QRegularExpression usage(uR"(^Usage: \S+)"_s);
        std::fputs(
            qPrintable(parser.helpText().replace(usage, u"Usage: jobpulse "_s + verb)), stdout);
        std::exit(0);
    }
    if (parser.isSet(u"version"_s)) {
        std::printf("jobpulse %s\n", JOBPULSE_VERSION);
        std::exit(0);
    }
}

} // namespace jobpulse::cli

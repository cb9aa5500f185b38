#pragma once

#include <QStringList>

class QCommandLineParser;

namespace jobpulse::cli {

/** The command-line verbs (PRODUCT.md §9). Each returns the process's exit status.
 *  @p arguments starts with the program name, then the verb. */
int send(const QStringList &arguments);
int run(const QStringList &arguments);
int jobs(const QStringList &arguments);
int show(const QStringList &arguments);
int exportJobs(const QStringList &arguments);
int tail(const QStringList &arguments);
int listen(const QStringList &arguments);

/** Parses a verb's arguments; answers --help and --version and exits on errors. */
void processArguments(QCommandLineParser &parser, const QStringList &arguments);

/** The verb's function, or nullptr when @p name is not a verb. */
using Verb = int (*)(const QStringList &);
Verb verb(const QString &name);

} // namespace jobpulse::cli

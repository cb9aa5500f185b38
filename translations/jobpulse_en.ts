<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DeliveryDetail</name>
    <message numerus="yes">
        <source>%n event(s) accepted</source>
        <translation>
            <numerusform>%n event accepted</numerusform>
            <numerusform>%n events accepted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s)</source>
        <translation>
            <numerusform>%n duplicate</numerusform>
            <numerusform>%n duplicates</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ForwardAttempts</name>
    <message numerus="yes">
        <source>Forwarded · %n attempt(s)</source>
        <translation>
            <numerusform>Forwarded · %n attempt</numerusform>
            <numerusform>Forwarded · %n attempts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n job</numerusform>
            <numerusform>%n jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n job(s) to %1</source>
        <translation>
            <numerusform>Exported %n job to %1</numerusform>
            <numerusform>Exported %n jobs to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>↑ %n new job(s)</source>
        <translation>
            <numerusform>↑ %n new job</numerusform>
            <numerusform>↑ %n new jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n job(s) shown</source>
        <translation>
            <numerusform>%1 of %n job shown</numerusform>
            <numerusform>%1 of %n jobs shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorView</name>
    <message numerus="yes">
        <source>%n delivery(s) shown, more to load</source>
        <translation>
            <numerusform>%n delivery shown, more to load</numerusform>
            <numerusform>%n deliveries shown, more to load</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n delivery(s)</source>
        <translation>
            <numerusform>%n delivery</numerusform>
            <numerusform>%n deliveries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n rejected</source>
        <translation>
            <numerusform>%1 · %n rejected</numerusform>
            <numerusform>%1 · %n rejected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobDelegate</name>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobList</name>
    <message numerus="yes">
        <source>%1 of %n job(s)</source>
        <translation>
            <numerusform>%1 of %n job</numerusform>
            <numerusform>%1 of %n jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n job</numerusform>
            <numerusform>%n jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>↑ %n new job(s)</source>
        <translation>
            <numerusform>↑ %n new job</numerusform>
            <numerusform>↑ %n new jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KindTrend</name>
    <message numerus="yes">
        <source>Last %n run(s) of %1</source>
        <translation>
            <numerusform>Last run of %1</numerusform>
            <numerusform>Last %n runs of %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeftRail</name>
    <message numerus="yes">
        <source>%n delivery(s) refused in the last %1 hours</source>
        <translation>
            <numerusform>%n delivery refused in the last %1 hours</numerusform>
            <numerusform>%n deliveries refused in the last %1 hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message numerus="yes">
        <source>%1 — %n failed</source>
        <translation>
            <numerusform>%1 — %n failed</numerusform>
            <numerusform>%1 — %n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SourceBadge</name>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sparkline</name>
    <message numerus="yes">
        <source>Deliveries per minute, last %n minute(s)</source>
        <translation>
            <numerusform>Deliveries per minute, last minute</numerusform>
            <numerusform>Deliveries per minute, last %n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message numerus="yes">
        <source>%n job(s) failed</source>
        <translation>
            <numerusform>%n job failed</numerusform>
            <numerusform>%n jobs failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) finished</source>
        <translation>
            <numerusform>%n job finished</numerusform>
            <numerusform>%n jobs finished</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) changed</source>
        <translation>
            <numerusform>%n record changed</numerusform>
            <numerusform>%n records changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <comment>toasts waiting behind the one shown</comment>
        <translation>
            <numerusform>+%n more</numerusform>
            <numerusform>+%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobpulse::Format</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) done</source>
        <translation>
            <numerusform>%n job done</numerusform>
            <numerusform>%n jobs done</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n job(s) done</source>
        <translation>
            <numerusform>%1 of %n job done</numerusform>
            <numerusform>%1 of %n jobs done</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobpulse::Notifier</name>
    <message numerus="yes">
        <source>Succeeded after %n second(s).</source>
        <translation>
            <numerusform>Succeeded after %n second.</numerusform>
            <numerusform>Succeeded after %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) failed</source>
        <translation>
            <numerusform>%n job failed</numerusform>
            <numerusform>%n jobs failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n long job(s) finished</source>
        <translation>
            <numerusform>%n long job finished</numerusform>
            <numerusform>%n long jobs finished</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobpulse::SelectedJob</name>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobpulse::TrayIcon</name>
    <message numerus="yes">
        <source>%n new failure(s)</source>
        <translation>
            <numerusform>%n new failure</numerusform>
            <numerusform>%n new failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stalled (no news)</source>
        <translation>
            <numerusform>%n stalled (no news)</numerusform>
            <numerusform>%n stalled (no news)</numerusform>
        </translation>
    </message>
</context>
</TS>

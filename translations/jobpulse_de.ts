<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AppHeader</name>
    <message>
        <source>Jobpulse</source>
        <translation>Jobpulse</translation>
    </message>
    <message>
        <source>Search jobs…</source>
        <translation>Jobs suchen…</translation>
    </message>
    <message>
        <source>Search jobs by key, title or kind</source>
        <translation>Jobs nach Schlüssel, Titel oder Art durchsuchen</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Strg+F</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>listening</source>
        <translation>empfängt</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>empfängt nicht</translation>
    </message>
    <message>
        <source>Listening for events</source>
        <translation>Empfängt Ereignisse</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>Empfängt nicht</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Waiting for the first job</source>
        <translation>Warten auf den ersten Job</translation>
    </message>
    <message>
        <source>Jobpulse is listening on %1. Send it an event and the job appears here:</source>
        <translation>Jobpulse empfängt auf %1. Senden Sie ein Ereignis, und der Job erscheint hier:</translation>
    </message>
    <message>
        <source>The receiver is not running, so no events can arrive.</source>
        <translation>Der Empfänger läuft nicht, daher können keine Ereignisse ankommen.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>Befehl kopieren</translation>
    </message>
    <message>
        <source>Or start the app with --demo to see example jobs.</source>
        <translation>Oder starten Sie die App mit --demo, um Beispieljobs zu sehen.</translation>
    </message>
</context>
<context>
    <name>JobDelegate</name>
    <message>
        <source>%1/%2 %3</source>
        <translation>%1/%2 %3</translation>
    </message>
    <message>
        <source>step %1 %2</source>
        <translation>Schritt %1 %2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>no error message</source>
        <translation>keine Fehlermeldung</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>JobDetail</name>
    <message>
        <source>Select a job to see its steps and log.</source>
        <translation>Wählen Sie einen Job, um seine Schritte und sein Protokoll zu sehen.</translation>
    </message>
    <message>
        <source>Close details</source>
        <translation>Details schließen</translation>
    </message>
    <message>
        <source>Close details (Esc)</source>
        <translation>Details schließen (Esc)</translation>
    </message>
    <message>
        <source>started %1</source>
        <translation>gestartet %1</translation>
    </message>
    <message>
        <source>for %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <source>took %1</source>
        <translation>dauerte %1</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>No steps reported.</source>
        <translation>Keine Schritte gemeldet.</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
</context>
<context>
    <name>JobList</name>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n job(s)</source>
        <translation>
            <numerusform>%1 von %n Job</numerusform>
            <numerusform>%1 von %n Jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n Job</numerusform>
            <numerusform>%n Jobs</numerusform>
        </translation>
    </message>
    <message>
        <source>No jobs match “%1”</source>
        <translation>Keine Jobs passen zu „%1“</translation>
    </message>
    <message>
        <source>No running jobs</source>
        <translation>Keine laufenden Jobs</translation>
    </message>
    <message>
        <source>No failed jobs</source>
        <translation>Keine fehlgeschlagenen Jobs</translation>
    </message>
    <message>
        <source>No queued jobs</source>
        <translation>Keine Jobs in der Warteschlange</translation>
    </message>
    <message>
        <source>No jobs match the filter</source>
        <translation>Keine Jobs passen zum Filter</translation>
    </message>
    <message>
        <source>Show all jobs</source>
        <translation>Alle Jobs anzeigen</translation>
    </message>
</context>
<context>
    <name>LeftRail</name>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>soon</source>
        <translation>bald</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>None configured. Jobs arrive through the receiver.</source>
        <translation>Keine eingerichtet. Jobs kommen über den Empfänger.</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>No events yet.</source>
        <translation>Noch keine Ereignisse.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message numerus="yes">
        <source>Jobpulse — %n failed</source>
        <translation>
            <numerusform>Jobpulse — %n fehlgeschlagen</numerusform>
            <numerusform>Jobpulse — %n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Jobpulse</source>
        <translation>Jobpulse</translation>
    </message>
</context>
<context>
    <name>StatusChip</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>StepDelegate</name>
    <message>
        <source>Step %1</source>
        <translation>Schritt %1</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>canceled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>in Warteschlange</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1m ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <source>%1h ago</source>
        <translation>vor %1 h</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message numerus="yes">
        <source>%n job(s) finished</source>
        <translation>
            <numerusform>%n Job abgeschlossen</numerusform>
            <numerusform>%n Jobs abgeschlossen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 succeeded · %2 failed</source>
        <translation>%1 erfolgreich · %2 fehlgeschlagen</translation>
    </message>
    <message>
        <source>All succeeded · latest: %1</source>
        <translation>Alle erfolgreich · zuletzt: %1</translation>
    </message>
    <message>
        <source>Job failed</source>
        <translation>Job fehlgeschlagen</translation>
    </message>
    <message>
        <source>Job finished</source>
        <translation>Job abgeschlossen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) failed</source>
        <translation>
            <numerusform>%n Job fehlgeschlagen</numerusform>
            <numerusform>%n Jobs fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Latest: %1</source>
        <translation>Zuletzt: %1</translation>
    </message>
</context>
</TS>

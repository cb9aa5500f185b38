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
    <message>
        <source>%1 of %2 sources live</source>
        <translation>%1 von %2 Quellen live</translation>
    </message>
    <message>
        <source>sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Search jobs by key, title, kind, error or log line</source>
        <translation>Jobs nach Schlüssel, Titel, Art, Fehler oder Protokollzeile suchen</translation>
    </message>
    <message>
        <source>Views and sources</source>
        <translation>Ansichten und Quellen</translation>
    </message>
    <message>
        <source>Show or hide the views and sources</source>
        <translation>Ansichten und Quellen zeigen oder verbergen</translation>
    </message>
    <message>
        <source>viewing the Jobpulse at</source>
        <translation>zeigt den Jobpulse auf</translation>
    </message>
    <message>
        <source>%1, pid %2</source>
        <translation>%1, PID %2</translation>
    </message>
    <message>
        <source>Following the Jobpulse at %1 (pid %2): it receives the events and writes the database.</source>
        <translation>Folgt dem Jobpulse auf %1 (PID %2): Er empfängt die Ereignisse und schreibt die Datenbank.</translation>
    </message>
    <message>
        <source>The Jobpulse at %1 (pid %2) does not answer</source>
        <translation>Der Jobpulse auf %1 (PID %2) antwortet nicht</translation>
    </message>
</context>
<context>
    <name>DeliveryDelegate</name>
    <message>
        <source>%1 %2, %3</source>
        <translation>%1 %2, %3</translation>
    </message>
</context>
<context>
    <name>DeliveryDetail</name>
    <message>
        <source>Select a delivery to see its headers and body.</source>
        <translation>Wählen Sie eine Zustellung, um ihre Header und ihren Inhalt zu sehen.</translation>
    </message>
    <message>
        <source>Replaying…</source>
        <translation>Wird erneut eingespielt…</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Erneut einspielen</translation>
    </message>
    <message>
        <source>Send this delivery through the receiver again (duplicates are counted, not applied)</source>
        <translation>Diese Zustellung noch einmal durch den Empfänger schicken (Duplikate werden gezählt, nicht angewendet)</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Als curl kopieren</translation>
    </message>
    <message>
        <source>hook %1</source>
        <translation>Hook %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>von %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) accepted</source>
        <translation>
            <numerusform>%n Ereignis angenommen</numerusform>
            <numerusform>%n Ereignisse angenommen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s)</source>
        <translation>
            <numerusform>%n Duplikat</numerusform>
            <numerusform>%n Duplikate</numerusform>
        </translation>
    </message>
    <message>
        <source>signature verified</source>
        <translation>Signatur geprüft</translation>
    </message>
    <message>
        <source>answered in %1</source>
        <translation>beantwortet in %1</translation>
    </message>
    <message>
        <source>Replayed: HTTP %1</source>
        <translation>Erneut eingespielt: HTTP %1</translation>
    </message>
    <message>
        <source>Replay failed: %1</source>
        <translation>Erneutes Einspielen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Credentials (***) are not kept: fill them in before running the curl command.</source>
        <translation>Zugangsdaten (***) werden nicht gespeichert: Tragen Sie sie ein, bevor Sie den curl-Befehl ausführen.</translation>
    </message>
    <message>
        <source>Body · JSON</source>
        <translation>Inhalt · JSON</translation>
    </message>
    <message>
        <source>Body · binary, as base64</source>
        <translation>Inhalt · binär, als Base64</translation>
    </message>
    <message>
        <source>Body · empty</source>
        <translation>Inhalt · leer</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Only the first %1 of %2 were kept; this delivery cannot be replayed.</source>
        <translation>Nur die ersten %1 von %2 wurden gespeichert; diese Zustellung kann nicht erneut eingespielt werden.</translation>
    </message>
    <message>
        <source>Replay to…</source>
        <translation>Erneut senden an…</translation>
    </message>
    <message>
        <source>Send this delivery as it was to another URL, such as your app&apos;s webhook route</source>
        <translation>Diese Zustellung unverändert an eine andere URL senden, etwa an die Webhook-Route Ihrer App</translation>
    </message>
    <message>
        <source>Edit and replay</source>
        <translation>Bearbeiten und erneut senden</translation>
    </message>
    <message>
        <source>Edited replay of &lt;a href=&quot;#&quot;&gt;#%1&lt;/a&gt;</source>
        <translation>Bearbeitete Wiederholung von &lt;a href=&quot;#&quot;&gt;#%1&lt;/a&gt;</translation>
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
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Run demo</source>
        <translation>Demo starten</translation>
    </message>
    <message>
        <source>Feed simulated 7-step workflows through the receiver</source>
        <translation>Simulierte Workflows mit 7 Schritten an den Empfänger senden</translation>
    </message>
    <message>
        <source>Example jobs, to see what it looks like.</source>
        <translation>Beispiel-Jobs, um es in Aktion zu sehen.</translation>
    </message>
</context>
<context>
    <name>EventList</name>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>No events yet.</source>
        <translation>Noch keine Ereignisse.</translation>
    </message>
    <message>
        <source>Scroll to the newest event and follow new ones</source>
        <translation>Zum neuesten Ereignis scrollen und neuen folgen</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>jobpulse-history</source>
        <translation>jobpulse-verlauf</translation>
    </message>
    <message>
        <source>Export history as CSV</source>
        <translation>Verlauf als CSV exportieren</translation>
    </message>
    <message>
        <source>Export history as JSON</source>
        <translation>Verlauf als JSON exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
</context>
<context>
    <name>FollowingList</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>Alles auswählen</translation>
    </message>
    <message>
        <source>Wrap long lines</source>
        <translation>Lange Zeilen umbrechen</translation>
    </message>
    <message>
        <source>↓ Latest</source>
        <translation>↓ Neueste</translation>
    </message>
</context>
<context>
    <name>ForwardAttempts</name>
    <message numerus="yes">
        <source>Forwarded · %n attempt(s)</source>
        <translation>
            <numerusform>Weitergeleitet · %n Versuch</numerusform>
            <numerusform>Weitergeleitet · %n Versuche</numerusform>
        </translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>attempt %1 · %2</source>
        <translation>Versuch %1 · %2</translation>
    </message>
</context>
<context>
    <name>HistoryFilters</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save every job of this filter as CSV or JSON</source>
        <translation>Alle Jobs dieses Filters als CSV oder JSON speichern</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>JJJJ-MM-TT</translation>
    </message>
    <message>
        <source>Created on or after</source>
        <translation>Erstellt am oder nach</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Created on or before</source>
        <translation>Erstellt am oder vor</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Search jobs and logs</source>
        <translation>Jobs und Protokolle durchsuchen</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>Verlauf durchsuchen</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n Job</numerusform>
            <numerusform>%n Jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n job(s) to %1</source>
        <translation>
            <numerusform>%n Job nach %1 exportiert</numerusform>
            <numerusform>%n Jobs nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>Mehr laden</translation>
    </message>
    <message>
        <source>Beginning of the history</source>
        <translation>Anfang des Verlaufs</translation>
    </message>
    <message numerus="yes">
        <source>↑ %n new job(s)</source>
        <translation>
            <numerusform>↑ %n neuer Job</numerusform>
            <numerusform>↑ %n neue Jobs</numerusform>
        </translation>
    </message>
    <message>
        <source>No jobs stored yet</source>
        <translation>Noch keine Jobs gespeichert</translation>
    </message>
    <message>
        <source>No jobs match these filters</source>
        <translation>Keine Jobs passen zu diesen Filtern</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n job(s) shown</source>
        <translation>
            <numerusform>%1 von %n Job angezeigt</numerusform>
            <numerusform>%1 von %n Jobs angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>sucht…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
</context>
<context>
    <name>HookRow</name>
    <message>
        <source>Secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <source>New secret, or env:NAME</source>
        <translation>Neues Geheimnis oder env:NAME</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Setzen</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ändern…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>InspectorView</name>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message numerus="yes">
        <source>%n delivery(s) shown, more to load</source>
        <translation>
            <numerusform>%n Zustellung angezeigt, weitere ladbar</numerusform>
            <numerusform>%n Zustellungen angezeigt, weitere ladbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n delivery(s)</source>
        <translation>
            <numerusform>%n Zustellung</numerusform>
            <numerusform>%n Zustellungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n rejected</source>
        <translation>
            <numerusform>%1 · %n abgelehnt</numerusform>
            <numerusform>%1 · %n abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>Mehr laden</translation>
    </message>
    <message>
        <source>Oldest kept delivery</source>
        <translation>Älteste gespeicherte Zustellung</translation>
    </message>
    <message>
        <source>No deliveries yet</source>
        <translation>Noch keine Zustellungen</translation>
    </message>
    <message>
        <source>Every request to an ingest route shows up here as it arrived, headers and body, rejected ones with the reason. Try:</source>
        <translation>Jede Anfrage an eine Eingangsroute erscheint hier so, wie sie ankam, mit Headern und Inhalt, abgelehnte mit dem Grund. Probieren Sie:</translation>
    </message>
    <message>
        <source>All hooks</source>
        <translation>Alle Hooks</translation>
    </message>
    <message>
        <source>Show the deliveries of</source>
        <translation>Zustellungen anzeigen von</translation>
    </message>
    <message>
        <source>All verdicts</source>
        <translation>Alle Ergebnisse</translation>
    </message>
    <message>
        <source>Show the deliveries that were</source>
        <translation>Zustellungen anzeigen mit dem Ergebnis</translation>
    </message>
    <message>
        <source>No deliveries match these filters.</source>
        <translation>Keine Zustellungen passen zu diesen Filtern.</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Alle anzeigen</translation>
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
    <message>
        <source>log: %1</source>
        <translation>Protokoll: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
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
    <message>
        <source>Open link</source>
        <translation>Link öffnen</translation>
    </message>
    <message>
        <source>Open the job&apos;s link in the browser</source>
        <translation>Link des Jobs im Browser öffnen</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Copy JSON</source>
        <translation>JSON kopieren</translation>
    </message>
    <message>
        <source>Copy the job, its steps and log as JSON</source>
        <translation>Job, Schritte und Protokoll als JSON kopieren</translation>
    </message>
    <message>
        <source>Wrap</source>
        <translation>Umbrechen</translation>
    </message>
    <message>
        <source>Wrap long log lines</source>
        <translation>Lange Protokollzeilen umbrechen</translation>
    </message>
    <message>
        <source>Show long lines in full</source>
        <translation>Lange Zeilen ganz zeigen</translation>
    </message>
    <message>
        <source>Log · %1 lines</source>
        <translation>Protokoll · %1 Zeilen</translation>
    </message>
    <message>
        <source>Show the log</source>
        <translation>Protokoll zeigen</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Show the events: steps, status and messages</source>
        <translation>Ereignisse zeigen: Schritte, Status und Meldungen</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Protokoll durchsuchen</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>sucht…</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>kein Treffer</translation>
    </message>
    <message>
        <source>%1 of %2%3</source>
        <translation>%1 von %2%3</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Vorheriger Treffer</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Nächster Treffer</translation>
    </message>
</context>
<context>
    <name>JobFamily</name>
    <message>
        <source>Part of</source>
        <translation>Teil von</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>Show only jobs with %1 %2</source>
        <translation>Nur Jobs mit %1 %2 zeigen</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
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
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Alle Quellen</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>Sortieren nach</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Neueste zuerst</translation>
    </message>
    <message>
        <source>Recently active</source>
        <translation>Zuletzt aktiv</translation>
    </message>
    <message>
        <source>Failed first</source>
        <translation>Fehlgeschlagene zuerst</translation>
    </message>
    <message>
        <source>Most progress</source>
        <translation>Weitester Fortschritt</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message numerus="yes">
        <source>↑ %n new job(s)</source>
        <translation>
            <numerusform>↑ %n neuer Job</numerusform>
            <numerusform>↑ %n neue Jobs</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove the filter %1</source>
        <translation>Filter %1 entfernen</translation>
    </message>
</context>
<context>
    <name>KindTrend</name>
    <message numerus="yes">
        <source>Last %n run(s) of %1</source>
        <translation>
            <numerusform>Letzter Lauf von %1</numerusform>
            <numerusform>Letzte %n Läufe von %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2 · took %3</source>
        <translation>%1 · %2 · dauerte %3</translation>
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
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message numerus="yes">
        <source>%n delivery(s) refused in the last %1 hours</source>
        <translation>
            <numerusform>%n Zustellung in den letzten %1 Stunden abgelehnt</numerusform>
            <numerusform>%n Zustellungen in den letzten %1 Stunden abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected deliveries: %1</source>
        <translation>Abgelehnte Zustellungen: %1</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>No log lines yet.</source>
        <translation>Noch keine Protokollzeilen.</translation>
    </message>
    <message>
        <source>Scroll to the newest line and follow new ones</source>
        <translation>Zur neuesten Zeile scrollen und neuen folgen</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Jobpulse</source>
        <translation>Jobpulse</translation>
    </message>
    <message>
        <source>Pause notifications for 1 hour</source>
        <translation>Benachrichtigungen für 1 Stunde pausieren</translation>
    </message>
    <message>
        <source>Pause notifications until resumed</source>
        <translation>Benachrichtigungen bis auf Weiteres pausieren</translation>
    </message>
    <message>
        <source>Resume notifications</source>
        <translation>Benachrichtigungen fortsetzen</translation>
    </message>
    <message>
        <source>Jobpulse (%1)</source>
        <translation>Jobpulse (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n failed</source>
        <translation>
            <numerusform>%1 — %n fehlgeschlagen</numerusform>
            <numerusform>%1 — %n fehlgeschlagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiverBanner</name>
    <message>
        <source>Not receiving events: %1. Choose another port in Settings, then start Jobpulse again.</source>
        <translation>Empfängt keine Ereignisse: %1. Wählen Sie in den Einstellungen einen anderen Port und starten Sie Jobpulse neu.</translation>
    </message>
    <message>
        <source>Change the port</source>
        <translation>Port ändern</translation>
    </message>
</context>
<context>
    <name>ReplayEditor</name>
    <message>
        <source>Edit and replay</source>
        <translation>Bearbeiten und erneut senden</translation>
    </message>
    <message>
        <source>Replay to a URL</source>
        <translation>An eine URL erneut senden</translation>
    </message>
    <message>
        <source>Into its hook, or to http://127.0.0.1:3000/webhooks</source>
        <translation>In seinen Hook oder an http://127.0.0.1:3000/webhooks</translation>
    </message>
    <message>
        <source>http://127.0.0.1:3000/webhooks</source>
        <translation>http://127.0.0.1:3000/webhooks</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Sign again with the hook&apos;s secret (else the original signature is sent and will not match an edited body)</source>
        <translation>Mit dem Geheimnis des Hooks neu signieren (sonst wird die ursprüngliche Signatur gesendet, die zu einem bearbeiteten Inhalt nicht passt)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Saved. The receiver, hooks, sources and retention change when Jobpulse next starts.</source>
        <translation>Gespeichert. Empfänger, Hooks, Quellen und Aufbewahrung ändern sich beim nächsten Start von Jobpulse.</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Empfängt auf</translation>
    </message>
    <message>
        <source>HOST:PORT. Anything but 127.0.0.1 needs a secret on every hook and a readToken.</source>
        <translation>HOST:PORT. Jede andere Adresse als 127.0.0.1 braucht ein Geheimnis für jeden Hook und ein readToken.</translation>
    </message>
    <message>
        <source>Hooks</source>
        <translation>Hooks</translation>
    </message>
    <message>
        <source>No hooks configured: the built-in routes (/v1/events, /api/webhooks/step-update, /api/webhooks/prefect, /webhook/submission-update) take events.</source>
        <translation>Keine Hooks konfiguriert: Die eingebauten Routen (/v1/events, /api/webhooks/step-update, /api/webhooks/prefect, /webhook/submission-update) nehmen Ereignisse an.</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>No outbound sources configured.</source>
        <translation>Keine ausgehenden Quellen konfiguriert.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Paused until resumed</source>
        <translation>Pausiert bis zur Fortsetzung</translation>
    </message>
    <message>
        <source>Paused until %1</source>
        <translation>Pausiert bis %1</translation>
    </message>
    <message>
        <source>Pause for 1 hour</source>
        <translation>1 Stunde pausieren</translation>
    </message>
    <message>
        <source>Pause until resumed</source>
        <translation>Pausieren bis zur Fortsetzung</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Mute kinds</source>
        <translation>Arten stummschalten</translation>
    </message>
    <message>
        <source>Kinds appear here once jobs of them are stored.</source>
        <translation>Arten erscheinen hier, sobald Jobs von ihnen gespeichert sind.</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Aufbewahrung</translation>
    </message>
    <message>
        <source>Keep jobs for</source>
        <translation>Jobs aufbewahren für</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>Höchstens</translation>
    </message>
    <message>
        <source>events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>System (%1)</translation>
    </message>
    <message>
        <source>0 keeps everything. Older jobs and events are pruned in small steps while Jobpulse runs.</source>
        <translation>0 behält alles. Ältere Jobs und Ereignisse werden in kleinen Schritten entfernt, während Jobpulse läuft.</translation>
    </message>
    <message>
        <source>Mute sources and hooks</source>
        <translation>Quellen und Hooks stummschalten</translation>
    </message>
    <message>
        <source>Motion</source>
        <translation>Bewegung</translation>
    </message>
    <message>
        <source>Reduce motion (progress jumps to its value, busy bars stand still)</source>
        <translation>Bewegung reduzieren (Fortschritt springt zum Wert, Aktivitätsbalken stehen still)</translation>
    </message>
    <message>
        <source>Listening on %1 now, set by --listen on the command line. The address above is the config file&apos;s: Jobpulse uses it when started without --listen.</source>
        <translation>Empfängt jetzt auf %1, gesetzt mit --listen auf der Befehlszeile. Die Adresse oben ist die der Konfigurationsdatei: Jobpulse verwendet sie beim Start ohne --listen.</translation>
    </message>
    <message>
        <source>Listening on %1 now, set by --listen on the command line.</source>
        <translation>Empfängt jetzt auf %1, gesetzt mit --listen auf der Befehlszeile.</translation>
    </message>
    <message>
        <source>Listening on %1 now, from this config file.</source>
        <translation>Empfängt jetzt auf %1, aus dieser Konfigurationsdatei.</translation>
    </message>
    <message>
        <source>Listening on %1 now, the default (this config file sets no address).</source>
        <translation>Empfängt jetzt auf %1, der Standard (diese Konfigurationsdatei setzt keine Adresse).</translation>
    </message>
    <message>
        <source>Saved. The Jobpulse at %1 (pid %2) receives: its receiver, hooks, sources and retention change when it restarts (systemctl --user restart jobpulse).</source>
        <translation>Gespeichert. Der Jobpulse auf %1 (PID %2) empfängt: Empfänger, Hooks, Quellen und Aufbewahrung ändern sich bei seinem Neustart (systemctl --user restart jobpulse).</translation>
    </message>
    <message>
        <source>Mute by label</source>
        <translation>Nach Label stummschalten</translation>
    </message>
    <message>
        <source>name=value, e.g. branch=experiments</source>
        <translation>name=wert, z. B. branch=experiments</translation>
    </message>
    <message>
        <source>Mute the jobs with this label</source>
        <translation>Jobs mit diesem Label stummschalten</translation>
    </message>
</context>
<context>
    <name>SourceBadge</name>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Ereignis</numerusform>
            <numerusform>%n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <source>polling %1 meanwhile</source>
        <translation>fragt solange %1 ab</translation>
    </message>
    <message>
        <source>Source %1: %2</source>
        <translation>Quelle %1: %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Fallback %1: %2</source>
        <translation>Ersatz %1: %2</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>Sparkline</name>
    <message numerus="yes">
        <source>Deliveries per minute, last %n minute(s)</source>
        <translation>
            <numerusform>Zustellungen pro Minute, letzte Minute</numerusform>
            <numerusform>Zustellungen pro Minute, letzte %n Minuten</numerusform>
        </translation>
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
    <message>
        <source>Usually %1 (median of past runs)</source>
        <translation>Üblicherweise %1 (Median früherer Läufe)</translation>
    </message>
    <message>
        <source>Step %1, not reached yet</source>
        <translation>Schritt %1, noch nicht erreicht</translation>
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
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) changed</source>
        <translation>
            <numerusform>%n Datensatz geändert</numerusform>
            <numerusform>%n Datensätze geändert</numerusform>
        </translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <source>All succeeded</source>
        <translation>Alle erfolgreich</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <comment>toasts waiting behind the one shown</comment>
        <translation>
            <numerusform>+%n weiterer</numerusform>
            <numerusform>+%n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobpulse::AppConfig</name>
    <message>
        <source>receiver.listen wants HOST:PORT, such as %1.</source>
        <translation>receiver.listen erwartet HOST:PORT, etwa %1.</translation>
    </message>
    <message>
        <source>receiver.maxBodyBytes must be a positive number.</source>
        <translation>receiver.maxBodyBytes muss eine positive Zahl sein.</translation>
    </message>
    <message>
        <source>receiver.headerTimeoutMs must be at least 100.</source>
        <translation>receiver.headerTimeoutMs muss mindestens 100 sein.</translation>
    </message>
    <message>
        <source>receiver.maxConnections must be a positive number.</source>
        <translation>receiver.maxConnections muss eine positive Zahl sein.</translation>
    </message>
    <message>
        <source>receiver.rateLimit.perSecond and .burst must not be negative.</source>
        <translation>receiver.rateLimit.perSecond und .burst dürfen nicht negativ sein.</translation>
    </message>
    <message>
        <source>retention.days must not be negative (0 keeps everything).</source>
        <translation>retention.days darf nicht negativ sein (0 behält alles).</translation>
    </message>
    <message>
        <source>retention.maxEvents must not be negative (0 keeps everything).</source>
        <translation>retention.maxEvents darf nicht negativ sein (0 behält alles).</translation>
    </message>
    <message>
        <source>retention.maxLogBytes must not be negative (0 keeps every line).</source>
        <translation>retention.maxLogBytes darf nicht negativ sein (0 behält jede Zeile).</translation>
    </message>
</context>
<context>
    <name>jobpulse::Dashboard</name>
    <message>
        <source>Reading the history failed (%1): %2</source>
        <translation>Der Verlauf konnte nicht gelesen werden (%1): %2</translation>
    </message>
    <message>
        <source>New events cannot be saved: %1. Senders are told to retry later; nothing already acknowledged is lost.</source>
        <translation>Neue Ereignisse können nicht gespeichert werden: %1. Absender werden gebeten, es später erneut zu versuchen; nichts bereits Bestätigtes geht verloren.</translation>
    </message>
</context>
<context>
    <name>jobpulse::Format</name>
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
        <source>rendering</source>
        <translation>wird gerendert</translation>
    </message>
    <message>
        <source>rendered</source>
        <translation>gerendert</translation>
    </message>
    <message>
        <source>processing</source>
        <translation>in Bearbeitung</translation>
    </message>
    <message>
        <source>uploading</source>
        <translation>wird hochgeladen</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>genehmigt</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>verbindet neu</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>Duplikat</translation>
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
        <source>due now</source>
        <translation>jetzt fällig</translation>
    </message>
    <message>
        <source>≈ %1 left</source>
        <translation>noch ≈ %1</translation>
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
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n Byte</numerusform>
            <numerusform>%n Bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>ohne Meldung</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>verloren</translation>
    </message>
    <message>
        <source>no news for %1</source>
        <translation>seit %1 ohne Meldung</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>sent on</source>
        <translation>weitergesendet</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) done</source>
        <translation>
            <numerusform>%n Job fertig</numerusform>
            <numerusform>%n Jobs fertig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n job(s) done</source>
        <translation>
            <numerusform>%1 von %n Job fertig</numerusform>
            <numerusform>%1 von %n Jobs fertig</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobpulse::HistoryModel</name>
    <message>
        <source>There is no history to export.</source>
        <translation>Es gibt keinen Verlauf zum Exportieren.</translation>
    </message>
    <message>
        <source>Unknown export format: %1</source>
        <translation>Unbekanntes Exportformat: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>jobpulse::Inspector</name>
    <message>
        <source>The receiver is not running.</source>
        <translation>Der Empfänger läuft nicht.</translation>
    </message>
    <message>
        <source>(binary)</source>
        <translation>(binär)</translation>
    </message>
</context>
<context>
    <name>jobpulse::Notifier</name>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Fixed: %1</source>
        <translation>Behoben: %1</translation>
    </message>
    <message>
        <source>%1 succeeded again after a failure.</source>
        <translation>%1 war nach einem Fehlschlag wieder erfolgreich.</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>Abgeschlossen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Succeeded after %n second(s).</source>
        <translation>
            <numerusform>Nach %n Sekunde erfolgreich.</numerusform>
            <numerusform>Nach %n Sekunden erfolgreich.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) failed</source>
        <translation>
            <numerusform>%n Job fehlgeschlagen</numerusform>
            <numerusform>%n Jobs fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n long job(s) finished</source>
        <translation>
            <numerusform>%n langer Job abgeschlossen</numerusform>
            <numerusform>%n lange Jobs abgeschlossen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a group of notifications: its kind or source, what happened</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No news from %1 for %2</source>
        <translation>Seit %2 keine Meldung von %1</translation>
    </message>
    <message>
        <source>It is still running as far as Jobpulse knows; its last event was at %1.</source>
        <translation>Soweit Jobpulse weiß, läuft er noch; sein letztes Ereignis kam um %1.</translation>
    </message>
</context>
<context>
    <name>jobpulse::OwnerLink</name>
    <message>
        <source>The Jobpulse at %1 (pid %2) refuses this window&apos;s read token (HTTP %3).</source>
        <translation>Der Jobpulse auf %1 (PID %2) lehnt das Lese-Token dieses Fensters ab (HTTP %3).</translation>
    </message>
    <message>
        <source>The Jobpulse at %1 (pid %2) does not answer: %3. Trying again.</source>
        <translation>Der Jobpulse auf %1 (PID %2) antwortet nicht: %3. Neuer Versuch läuft.</translation>
    </message>
    <message>
        <source>the Jobpulse at %1 (pid %2) did not answer: %3</source>
        <translation>der Jobpulse auf %1 (PID %2) hat nicht geantwortet: %3</translation>
    </message>
</context>
<context>
    <name>jobpulse::SelectedJob</name>
    <message>
        <source>started %1</source>
        <translation>gestartet %1</translation>
    </message>
    <message>
        <source>waiting since %1</source>
        <translation>wartet seit %1</translation>
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
        <source>via %1</source>
        <translation>über %1</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobpulse::Settings</name>
    <message>
        <source>%1 could not be read as a JSON object; saving is off so that it is not overwritten.</source>
        <translation>%1 konnte nicht als JSON-Objekt gelesen werden; Speichern ist aus, damit die Datei nicht überschrieben wird.</translation>
    </message>
    <message>
        <source>%1 is not a JSON object any more; it was not overwritten.</source>
        <translation>%1 ist kein JSON-Objekt mehr; die Datei wurde nicht überschrieben.</translation>
    </message>
    <message>
        <source>Saved. Asking the receiving Jobpulse to apply it…</source>
        <translation>Gespeichert. Der empfangende Jobpulse wird gebeten, es anzuwenden…</translation>
    </message>
    <message>
        <source>Saved, but the receiving Jobpulse kept its running settings: %1</source>
        <translation>Gespeichert, aber der empfangende Jobpulse behält seine laufenden Einstellungen: %1</translation>
    </message>
    <message>
        <source>Saved, but the receiving Jobpulse reads %1, not this file: start it with --config %2 to use these settings.</source>
        <translation>Gespeichert, aber der empfangende Jobpulse liest %1, nicht diese Datei: Starten Sie ihn mit --config %2, um diese Einstellungen zu verwenden.</translation>
    </message>
    <message>
        <source>Saved. %1 changes when the receiving Jobpulse restarts.</source>
        <translation>Gespeichert. %1 ändert sich beim Neustart des empfangenden Jobpulse.</translation>
    </message>
    <message>
        <source>Saved and applied (%1). %2 changes when the receiving Jobpulse restarts.</source>
        <translation>Gespeichert und angewendet (%1). %2 ändert sich beim Neustart des empfangenden Jobpulse.</translation>
    </message>
    <message>
        <source>Saved. The receiving Jobpulse runs with it.</source>
        <translation>Gespeichert. Der empfangende Jobpulse läuft damit.</translation>
    </message>
    <message>
        <source>Saved and applied: %1.</source>
        <translation>Gespeichert und angewendet: %1.</translation>
    </message>
    <message>
        <source>The receiving Jobpulse read the config file again: %1.</source>
        <translation>Der empfangende Jobpulse hat die Konfigurationsdatei neu gelesen: %1.</translation>
    </message>
    <message>
        <source>nothing changed</source>
        <translation>nichts geändert</translation>
    </message>
</context>
<context>
    <name>jobpulse::TrayIcon</name>
    <message>
        <source>Show Jobpulse</source>
        <translation>Jobpulse anzeigen</translation>
    </message>
    <message>
        <source>Pause notifications for 1 hour</source>
        <translation>Benachrichtigungen für 1 Stunde pausieren</translation>
    </message>
    <message>
        <source>Pause notifications until resumed</source>
        <translation>Benachrichtigungen bis auf Weiteres pausieren</translation>
    </message>
    <message>
        <source>Resume notifications</source>
        <translation>Benachrichtigungen fortsetzen</translation>
    </message>
    <message>
        <source>Quit Jobpulse</source>
        <translation>Jobpulse beenden</translation>
    </message>
    <message>
        <source>Jobpulse</source>
        <translation>Jobpulse</translation>
    </message>
    <message>
        <source>%1 running, %2 queued, %3 failed</source>
        <translation>%1 laufend, %2 wartend, %3 fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>%n new failure(s)</source>
        <translation>
            <numerusform>%n neuer Fehlschlag</numerusform>
            <numerusform>%n neue Fehlschläge</numerusform>
        </translation>
    </message>
    <message>
        <source>Notifications paused until %1</source>
        <translation>Benachrichtigungen pausiert bis %1</translation>
    </message>
    <message>
        <source>Notifications paused</source>
        <translation>Benachrichtigungen pausiert</translation>
    </message>
    <message>
        <source>Jobpulse (%1)</source>
        <translation>Jobpulse (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n stalled (no news)</source>
        <translation>
            <numerusform>%n Job ohne Meldung</numerusform>
            <numerusform>%n Jobs ohne Meldung</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobpulse::TrendModel</name>
    <message>
        <source>%1% succeeded</source>
        <translation>%1 % erfolgreich</translation>
    </message>
    <message>
        <source>median %1</source>
        <translation>Median %1</translation>
    </message>
    <message>
        <source>p90 %1</source>
        <translation>p90 %1</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>fails most at “%1” (%2×)</source>
        <translation>scheitert meist an „%1“ (%2×)</translation>
    </message>
</context>
</TS>

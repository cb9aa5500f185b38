#include "trayicon.h"

#include "ui/dashboard.h"
#include "ui/logging.h"

#include <QApplication>
#include <QLocale>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QWindow>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

TrayIcon::TrayIcon(Dashboard *dashboard, QWindow *window, QObject *parent)
    : QObject(parent)
    , m_dashboard(dashboard)
    , m_window(window)
    , m_menu(std::make_unique<QMenu>())
    , m_tray(std::make_unique<QSystemTrayIcon>())
{
    QAction *show = m_menu->addAction(tr("Show Jobpulse"));
    connect(show, &QAction::triggered, this, &TrayIcon::showWindow);
    m_menu->addSeparator();
    Notifier *notifier = dashboard->notifier();
    m_pauseHour = m_menu->addAction(tr("Pause notifications for 1 hour"));
    connect(m_pauseHour, &QAction::triggered, notifier, [notifier] { notifier->pauseFor(60); });
    m_pauseForever = m_menu->addAction(tr("Pause notifications until resumed"));
    connect(m_pauseForever, &QAction::triggered, notifier, &Notifier::pauseUntilResumed);
    m_resume = m_menu->addAction(tr("Resume notifications"));
    connect(m_resume, &QAction::triggered, notifier, &Notifier::resume);
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit Jobpulse"));
    connect(quit, &QAction::triggered, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    m_tray->setContextMenu(m_menu.get());

    connect(m_tray.get(), &QSystemTrayIcon::activated, this,
        [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason != QSystemTrayIcon::Trigger && reason != QSystemTrayIcon::DoubleClick) {
                return;
            }
            // A click toggles: hide a window that is in front, bring back one that is not.
            if (m_window && m_window->isVisible() && m_window->isActive()) {
                m_window->hide();
            } else {
                showWindow();
            }
        });
    connect(dashboard, &Dashboard::countsChanged, this, &TrayIcon::update);
    connect(notifier, &Notifier::trayChanged, this, &TrayIcon::update);
    connect(notifier, &Notifier::pausedChanged, this, &TrayIcon::updatePause);
    updatePause();
    update();
    m_tray->show();
}

TrayIcon::~TrayIcon()
{
    m_tray->hide();
}

bool TrayIcon::available()
{
    return qobject_cast<QApplication *>(QCoreApplication::instance())
        && QSystemTrayIcon::isSystemTrayAvailable();
}

QIcon TrayIcon::iconFor(const QString &state)
{
    QIcon icon;
    for (const int size : { 16, 22, 32, 44 }) {
        icon.addFile(
            u":/jobpulse/tray/jobpulse-%1-%2.png"_s.arg(state).arg(size), QSize(size, size));
    }
    return icon;
}

QString TrayIcon::toolTip() const
{
    if (!m_dashboard) {
        return {};
    }
    const Notifier *notifier = m_dashboard->notifier();
    QStringList lines { m_dashboard->instanceLabel().isEmpty()
            ? tr("Jobpulse")
            : tr("Jobpulse (%1)").arg(m_dashboard->instanceLabel()) };
    lines << tr("%1 running, %2 queued, %3 failed")
                 .arg(m_dashboard->runningCount())
                 .arg(m_dashboard->queuedCount())
                 .arg(m_dashboard->failedCount());
    if (m_dashboard->stalledCount() > 0) {
        lines << tr("%n stalled (no news)", "", m_dashboard->stalledCount());
    }
    if (notifier->unseenFailures() > 0) {
        lines << tr("%n new failure(s)", "", notifier->unseenFailures());
    }
    if (notifier->paused()) {
        lines << (notifier->pausedUntil().isValid()
                ? tr("Notifications paused until %1")
                      .arg(QLocale().toString(
                          notifier->pausedUntil().toLocalTime().time(), QLocale::ShortFormat))
                : tr("Notifications paused"));
    }
    return lines.join(u'\n');
}

void TrayIcon::showWindow()
{
    if (!m_window) {
        return;
    }
    m_window->show();
    m_window->raise();
    m_window->requestActivate();
}

void TrayIcon::update()
{
    const QString state = m_dashboard ? m_dashboard->notifier()->trayState() : u"idle"_s;
    if (state != m_state) {
        m_state = state;
        m_tray->setIcon(iconFor(state));
    }
    m_tray->setToolTip(toolTip());
}

void TrayIcon::updatePause()
{
    const bool paused = m_dashboard && m_dashboard->notifier()->paused();
    m_pauseHour->setVisible(!paused);
    m_pauseForever->setVisible(!paused);
    m_resume->setVisible(paused);
    update();
}

TrayKeeper::TrayKeeper(Dashboard *dashboard, QWindow *window, int checkMs, QObject *parent)
    : QObject(parent)
    , m_dashboard(dashboard)
    , m_window(window)
    , m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &TrayKeeper::check);
    check();
    if (!m_tray) {
        qCInfo(lcTray) << "No system tray: closing the window quits";
    }
    if (qobject_cast<QApplication *>(QCoreApplication::instance())) {
        m_timer->start(checkMs); // a cheap look at the desktop, not a round trip per job
    }
}

TrayKeeper::~TrayKeeper() = default;

void TrayKeeper::check()
{
    const bool available = TrayIcon::available();
    if (available == bool(m_tray) || !m_dashboard || !m_window) {
        return;
    }
    if (available) {
        m_tray = std::make_unique<TrayIcon>(m_dashboard, m_window);
        m_dashboard->setHideOnClose(true); // closing hides to the tray (Main.qml)
        qCInfo(lcTray) << "System tray found: closing the window hides it there";
        return;
    }
    m_tray.reset();
    m_dashboard->setHideOnClose(false);
    if (!m_window->isVisible()) {
        m_window->show(); // it was in the tray that is gone
    }
    qCInfo(lcTray) << "The system tray went away: closing the window quits";
}

} // namespace jobpulse

#pragma once

#include <QIcon>
#include <QObject>
#include <QPointer>
#include <memory>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QTimer;
class QWindow;

namespace jobpulse {

class Dashboard;

/**
 * @brief The system-tray icon: the aggregate state (idle, running, failing) with a tooltip of
 * counts, and a menu to show the window, pause notifications and quit.
 *
 * Made only where a tray exists (see available()); elsewhere the window behaves as a normal
 * one and closing it quits.
 */
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    TrayIcon(Dashboard *dashboard, QWindow *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    /** A QApplication runs and the desktop has a tray. */
    static bool available();
    /** The icon for "idle", "running" or "failing" (16, 22 px and 2x). */
    static QIcon iconFor(const QString &state);

    QSystemTrayIcon *trayIcon() const { return m_tray.get(); }
    QMenu *menu() const { return m_menu.get(); }
    QString state() const { return m_state; }
    QString toolTip() const;

    /** Shows, raises and activates the window. */
    void showWindow();

private:
    void update();
    void updatePause();

    QPointer<Dashboard> m_dashboard;
    QPointer<QWindow> m_window;
    std::unique_ptr<QMenu> m_menu;
    std::unique_ptr<QSystemTrayIcon> m_tray;
    QAction *m_pauseHour = nullptr;
    QAction *m_pauseForever = nullptr;
    QAction *m_resume = nullptr;
    QString m_state;
};

/**
 * @brief Keeps a TrayIcon while the desktop has a tray, also one that appears after the start
 * (a panel started after the app at login) or goes away and comes back (a panel restarted).
 *
 * With a tray, closing the window hides it there (Dashboard::hideOnClose); when the tray
 * goes, a hidden window comes back, since nothing else could show it again.
 */
class TrayKeeper : public QObject
{
    Q_OBJECT

public:
    TrayKeeper(
        Dashboard *dashboard, QWindow *window, int checkMs = 3000, QObject *parent = nullptr);
    ~TrayKeeper() override;
    TrayIcon *tray() const { return m_tray.get(); }

private:
    void check();

    QPointer<Dashboard> m_dashboard;
    QPointer<QWindow> m_window;
    std::unique_ptr<TrayIcon> m_tray;
    QTimer *m_timer = nullptr;
};

} // namespace jobpulse

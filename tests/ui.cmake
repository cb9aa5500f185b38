# Tests of the dashboard (src/ui, qml/), labelled ui (C++) and qml (Qt Quick Test), all made
# by jobpulse_add_test (tests/CMakeLists.txt). Included from tests/CMakeLists.txt.
set(qml_test_libs jobpulse_ui jobpulse_uiplugin jobpulse_qml jobpulse_qmlplugin Qt6::Quick)

jobpulse_add_test(tst_models SOURCES unit/tst_models.cpp LIBS jobpulse_ui LABELS ui)
jobpulse_add_test(tst_format SOURCES unit/tst_format.cpp LIBS jobpulse_ui LABELS ui)
jobpulse_add_test(tst_toasts SOURCES unit/tst_toasts.cpp LIBS jobpulse_ui LABELS ui)
jobpulse_add_test(tst_history SOURCES unit/tst_history.cpp LIBS jobpulse_ui LABELS ui)
jobpulse_add_test(tst_loglines SOURCES unit/tst_loglines.cpp LIBS jobpulse_ui LABELS ui)
jobpulse_add_test(tst_detailview SOURCES unit/tst_detailview.cpp LIBS ${qml_test_libs} Qt6::QuickTest
    LABELS ui ENVIRONMENT QT_QUICK_CONTROLS_STYLE=Basic)
jobpulse_add_test(tst_focusorder SOURCES unit/tst_focusorder.cpp LIBS ${qml_test_libs}
    LABELS ui ENVIRONMENT QT_QUICK_CONTROLS_STYLE=Basic)
jobpulse_add_test(tst_liveview SOURCES unit/tst_liveview.cpp LIBS ${qml_test_libs}
    LABELS ui ENVIRONMENT QT_QUICK_CONTROLS_STYLE=Basic)
jobpulse_add_test(tst_historyview SOURCES unit/tst_historyview.cpp LIBS ${qml_test_libs}
    LABELS ui ENVIRONMENT QT_QUICK_CONTROLS_STYLE=Basic)
# The toasts in the real window: over the list, never over the detail's log.
jobpulse_add_test(tst_toastsview SOURCES unit/tst_toastsview.cpp LIBS ${qml_test_libs}
    LABELS ui ENVIRONMENT QT_QUICK_CONTROLS_STYLE=Basic)
jobpulse_add_test(tst_sourcebadges SOURCES unit/tst_sourcebadges.cpp
    LIBS jobpulse_ui Qt6::WebSockets LABELS ui)

# Desktop notifications over D-Bus: on a private session bus where the test owns
# org.freedesktop.Notifications (without dbus-run-session the test skips).
find_program(DBUS_RUN_SESSION dbus-run-session)
set(dbus_session)
if(DBUS_RUN_SESSION)
    set(dbus_session ${DBUS_RUN_SESSION} --)
endif()
jobpulse_add_test(tst_notifier SOURCES unit/tst_notifier.cpp LIBS jobpulse_ui Qt6::DBus
    LABELS ui WRAPPER ${dbus_session})

# Every QML test in the light theme, again in the dark one (tst_theme.qml checks each theme's
# contrast) ...
jobpulse_add_test(tst_qml SOURCES qml/tst_qml.cpp LIBS ${qml_test_libs} Qt6::QuickTest
    LABELS qml ARGS -input ${CMAKE_CURRENT_LIST_DIR}/qml
    ENVIRONMENT QT_QUICK_CONTROLS_STYLE=Basic JOBPULSE_THEME=light)
target_compile_definitions(tst_qml PRIVATE QUICK_TEST_SOURCE_DIR="${CMAKE_CURRENT_LIST_DIR}/qml")
add_test(NAME tst_qml_dark COMMAND tst_qml -input ${CMAKE_CURRENT_LIST_DIR}/qml)
set_tests_properties(tst_qml_dark PROPERTIES LABELS qml ENVIRONMENT
    "QT_QPA_PLATFORM=offscreen;QT_QUICK_CONTROLS_STYLE=Basic;JOBPULSE_THEME=dark")
# ... and, without an override on a desktop in dark mode, the theme follows the system.
add_test(NAME tst_qml_system_dark
    COMMAND tst_qml -input ${CMAKE_CURRENT_LIST_DIR}/qml/tst_theme.qml)
set_tests_properties(tst_qml_system_dark PROPERTIES LABELS qml ENVIRONMENT
    "QT_QPA_PLATFORM=offscreen;QT_QUICK_CONTROLS_STYLE=Basic;JOBPULSE_TEST_SYSTEM_SCHEME=dark")

# Every dashboard string is translated (German) and every plural has its English forms.
if(TARGET Qt6::lupdate)
    add_test(NAME translations_complete
        COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/i18n/check-complete.sh
            $<TARGET_FILE:Qt6::lupdate> ${PROJECT_SOURCE_DIR})
endif()

find_program(XVFB_RUN xvfb-run)

# The tray icon and close-to-tray on a real X server: without a tray, then with trayer.
if(XVFB_RUN)
    jobpulse_add_test(tst_tray SOURCES unit/tst_tray.cpp LIBS ${qml_test_libs} Qt6::Widgets
        LABELS ui WRAPPER ${XVFB_RUN} -a -s "-screen 0 1400x900x24" TIMEOUT 120
        ENVIRONMENT QT_QPA_PLATFORM=xcb QT_QUICK_CONTROLS_STYLE=Basic)
endif()
# The real window as the viewer of a real headless Jobpulse, on an X server.
if(XVFB_RUN AND TARGET jobpulse)
    jobpulse_add_test(tst_viewer SOURCES unit/tst_viewer.cpp LIBS ${qml_test_libs} Qt6::Widgets
        LABELS ui WRAPPER ${XVFB_RUN} -a -s "-screen 0 1400x900x24" TIMEOUT 120
        ENVIRONMENT QT_QPA_PLATFORM=xcb QT_QUICK_CONTROLS_STYLE=Basic)
    add_dependencies(tst_viewer jobpulse)
endif()
if(XVFB_RUN AND TARGET jobpulse)
    add_test(NAME ui_screenshot
        COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/screenshots/render.sh
            $<TARGET_FILE:jobpulse> ${CMAKE_CURRENT_BINARY_DIR}/screenshots/jobpulse.png)
    set_tests_properties(ui_screenshot PROPERTIES TIMEOUT 60)
    # Light and dark, English and German (JOBPULSE_THEME, LANG) to PNGs a person looks at.
    add_test(NAME ui_screenshots_matrix
        COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/screenshots/render-matrix.sh
            $<TARGET_FILE:jobpulse> ${CMAKE_CURRENT_BINARY_DIR}/screenshots)
    set_tests_properties(ui_screenshots_matrix PROPERTIES TIMEOUT 180)
    # The source badges (a live and two reconnecting sources), the history view, ETAs and
    # the inspector and the settings, light and dark, English and German.
    find_program(PYTHON3 python3)
    if(PYTHON3)
        add_test(NAME ui_screenshots_views
            COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/screenshots/render-views.sh
                $<TARGET_FILE:jobpulse> ${CMAKE_CURRENT_BINARY_DIR}/screenshots)
        set_tests_properties(ui_screenshots_views PROPERTIES TIMEOUT 660)
    endif()
endif()

# The inspector against a real receiver (tests/common/loopbackserver.h); curl for "copy as curl".
jobpulse_add_test(tst_inspector SOURCES unit/tst_inspector.cpp LIBS jobpulse_ui jobpulse_relay
    LABELS ui)
jobpulse_add_test(tst_inspectorview SOURCES unit/tst_inspectorview.cpp
    LIBS ${qml_test_libs} jobpulse_relay LABELS ui ENVIRONMENT QT_QUICK_CONTROLS_STYLE=Basic)

# The settings page's write-back to the config file.
jobpulse_add_test(tst_settings SOURCES unit/tst_settings.cpp LIBS jobpulse_ui LABELS ui)
# The settings page in a real scene: where the receiver listens and why; edits move nothing.
jobpulse_add_test(tst_settingsview SOURCES unit/tst_settingsview.cpp LIBS ${qml_test_libs}
    LABELS ui ENVIRONMENT QT_QUICK_CONTROLS_STYLE=Basic)

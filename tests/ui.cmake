# Tests of the dashboard (src/ui, qml/). Included from tests/CMakeLists.txt.

qt_add_executable(tst_models ${CMAKE_CURRENT_LIST_DIR}/unit/tst_models.cpp)
target_link_libraries(tst_models PRIVATE jobpulse_ui Qt6::Test)
target_include_directories(tst_models PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_models COMMAND tst_models)
set_tests_properties(tst_models PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")

jobpulse_add_test(tst_format SOURCES unit/tst_format.cpp LIBS jobpulse_ui LABELS unit)

qt_add_executable(tst_toasts ${CMAKE_CURRENT_LIST_DIR}/unit/tst_toasts.cpp)
target_link_libraries(tst_toasts PRIVATE jobpulse_ui Qt6::Test)
target_include_directories(tst_toasts PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_toasts COMMAND tst_toasts)
set_tests_properties(tst_toasts PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")

qt_add_executable(tst_history ${CMAKE_CURRENT_LIST_DIR}/unit/tst_history.cpp)
target_link_libraries(tst_history PRIVATE jobpulse_ui Qt6::Test)
target_include_directories(tst_history PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_history COMMAND tst_history)
set_tests_properties(tst_history PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=jobpulse.*.info=false")

qt_add_executable(tst_historyview ${CMAKE_CURRENT_LIST_DIR}/unit/tst_historyview.cpp)
target_link_libraries(tst_historyview PRIVATE
    jobpulse_ui jobpulse_uiplugin jobpulse_qml jobpulse_qmlplugin Qt6::Test Qt6::Quick)
target_include_directories(tst_historyview PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_historyview COMMAND tst_historyview)
set_tests_properties(tst_historyview PROPERTIES ENVIRONMENT
    "QT_QPA_PLATFORM=offscreen;QT_QUICK_CONTROLS_STYLE=Basic;QT_LOGGING_RULES=jobpulse.*.info=false")

qt_add_executable(tst_sourcebadges ${CMAKE_CURRENT_LIST_DIR}/unit/tst_sourcebadges.cpp)
target_link_libraries(tst_sourcebadges PRIVATE jobpulse_ui Qt6::Test Qt6::WebSockets)
target_include_directories(tst_sourcebadges PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_sourcebadges COMMAND tst_sourcebadges)
set_tests_properties(tst_sourcebadges PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=jobpulse.*.info=false")

# Desktop notifications over D-Bus: on a private session bus where the test owns
# org.freedesktop.Notifications (without dbus-run-session the test skips).
qt_add_executable(tst_notifier ${CMAKE_CURRENT_LIST_DIR}/unit/tst_notifier.cpp)
target_link_libraries(tst_notifier PRIVATE jobpulse_ui Qt6::Test Qt6::DBus)
target_include_directories(tst_notifier PRIVATE ${CMAKE_CURRENT_LIST_DIR})
find_program(DBUS_RUN_SESSION dbus-run-session)
if(DBUS_RUN_SESSION)
    add_test(NAME tst_notifier COMMAND ${DBUS_RUN_SESSION} -- $<TARGET_FILE:tst_notifier>)
else()
    add_test(NAME tst_notifier COMMAND tst_notifier)
endif()
set_tests_properties(tst_notifier PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=jobpulse.*.info=false")

qt_add_executable(tst_qml ${CMAKE_CURRENT_LIST_DIR}/qml/tst_qml.cpp)
target_compile_definitions(tst_qml PRIVATE QUICK_TEST_SOURCE_DIR="${CMAKE_CURRENT_LIST_DIR}/qml")
target_link_libraries(tst_qml PRIVATE
    jobpulse_ui jobpulse_uiplugin jobpulse_qml jobpulse_qmlplugin Qt6::QuickTest Qt6::Quick)
# Every QML test in both themes (tst_theme.qml checks each theme's contrast) ...
foreach(theme light dark)
    set(name tst_qml)
    if(theme STREQUAL "dark")
        set(name tst_qml_dark)
    endif()
    add_test(NAME ${name} COMMAND tst_qml -input ${CMAKE_CURRENT_LIST_DIR}/qml)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT
        "QT_QPA_PLATFORM=offscreen;QT_QUICK_CONTROLS_STYLE=Basic;JOBPULSE_THEME=${theme}")
endforeach()
# ... and, without an override on a desktop in dark mode, the theme follows the system.
add_test(NAME tst_qml_system_dark
    COMMAND tst_qml -input ${CMAKE_CURRENT_LIST_DIR}/qml/tst_theme.qml)
set_tests_properties(tst_qml_system_dark PROPERTIES ENVIRONMENT
    "QT_QPA_PLATFORM=offscreen;QT_QUICK_CONTROLS_STYLE=Basic;JOBPULSE_TEST_SYSTEM_SCHEME=dark")

# Every dashboard string is translated (German) and every plural has its English forms.
if(TARGET Qt6::lupdate)
    add_test(NAME translations_complete
        COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/i18n/check-complete.sh
            $<TARGET_FILE:Qt6::lupdate> ${PROJECT_SOURCE_DIR})
endif()

find_program(XVFB_RUN xvfb-run)

# The tray icon and close-to-tray on a real X server: without a tray, then with trayer.
qt_add_executable(tst_tray ${CMAKE_CURRENT_LIST_DIR}/unit/tst_tray.cpp)
target_link_libraries(tst_tray PRIVATE
    jobpulse_ui jobpulse_uiplugin jobpulse_qml jobpulse_qmlplugin Qt6::Test Qt6::Widgets)
target_include_directories(tst_tray PRIVATE ${CMAKE_CURRENT_LIST_DIR})
if(XVFB_RUN)
    add_test(NAME tst_tray
        COMMAND ${XVFB_RUN} -a -s "-screen 0 1400x900x24" $<TARGET_FILE:tst_tray>)
    set_tests_properties(tst_tray PROPERTIES TIMEOUT 120 ENVIRONMENT
        "QT_QPA_PLATFORM=xcb;QT_QUICK_CONTROLS_STYLE=Basic;QT_LOGGING_RULES=jobpulse.*.info=false")
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
qt_add_executable(tst_inspector ${CMAKE_CURRENT_LIST_DIR}/unit/tst_inspector.cpp)
target_link_libraries(tst_inspector PRIVATE jobpulse_ui jobpulse_relay Qt6::Test)
target_include_directories(tst_inspector PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_inspector COMMAND tst_inspector)
set_tests_properties(tst_inspector PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=jobpulse.*.info=false")

qt_add_executable(tst_inspectorview ${CMAKE_CURRENT_LIST_DIR}/unit/tst_inspectorview.cpp)
target_link_libraries(tst_inspectorview PRIVATE
    jobpulse_ui jobpulse_uiplugin jobpulse_qml jobpulse_qmlplugin jobpulse_relay Qt6::Test Qt6::Quick)
target_include_directories(tst_inspectorview PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_inspectorview COMMAND tst_inspectorview)
set_tests_properties(tst_inspectorview PROPERTIES ENVIRONMENT
    "QT_QPA_PLATFORM=offscreen;QT_QUICK_CONTROLS_STYLE=Basic;QT_LOGGING_RULES=jobpulse.*.info=false")

# The settings page's write-back to the config file.
qt_add_executable(tst_settings ${CMAKE_CURRENT_LIST_DIR}/unit/tst_settings.cpp)
target_link_libraries(tst_settings PRIVATE jobpulse_ui Qt6::Test)
add_test(NAME tst_settings COMMAND tst_settings)
set_tests_properties(tst_settings PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=jobpulse.*.info=false")

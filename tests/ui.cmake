# Tests of the dashboard (src/ui, qml/). Included from tests/CMakeLists.txt.

qt_add_executable(tst_models ${CMAKE_CURRENT_LIST_DIR}/unit/tst_models.cpp)
target_link_libraries(tst_models PRIVATE jobpulse_ui Qt6::Test)
target_include_directories(tst_models PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_models COMMAND tst_models)
set_tests_properties(tst_models PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")

qt_add_executable(tst_toasts ${CMAKE_CURRENT_LIST_DIR}/unit/tst_toasts.cpp)
target_link_libraries(tst_toasts PRIVATE jobpulse_ui Qt6::Test)
target_include_directories(tst_toasts PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME tst_toasts COMMAND tst_toasts)
set_tests_properties(tst_toasts PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")

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

find_program(XVFB_RUN xvfb-run)
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
endif()

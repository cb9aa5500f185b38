# Tests of the dashboard (src/ui, qml/). Included from tests/CMakeLists.txt.

qt_add_executable(tst_models ${CMAKE_CURRENT_LIST_DIR}/unit/tst_models.cpp)
target_link_libraries(tst_models PRIVATE jobpulse_ui Qt6::Test)
add_test(NAME tst_models COMMAND tst_models)
set_tests_properties(tst_models PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")

qt_add_executable(tst_qml ${CMAKE_CURRENT_LIST_DIR}/qml/tst_qml.cpp)
target_compile_definitions(tst_qml PRIVATE QUICK_TEST_SOURCE_DIR="${CMAKE_CURRENT_LIST_DIR}/qml")
target_link_libraries(tst_qml PRIVATE
    jobpulse_ui jobpulse_uiplugin jobpulse_qml jobpulse_qmlplugin Qt6::QuickTest Qt6::Quick)
add_test(NAME tst_qml COMMAND tst_qml -input ${CMAKE_CURRENT_LIST_DIR}/qml)
set_tests_properties(tst_qml PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_QUICK_CONTROLS_STYLE=Basic")

find_program(XVFB_RUN xvfb-run)
if(XVFB_RUN AND TARGET jobpulse)
    add_test(NAME ui_screenshot
        COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/screenshots/render.sh
            $<TARGET_FILE:jobpulse> ${CMAKE_CURRENT_BINARY_DIR}/screenshots/jobpulse.png)
    set_tests_properties(ui_screenshot PROPERTIES TIMEOUT 60)
endif()

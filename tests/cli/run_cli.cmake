# run_cli.cmake - runs i386mm with one command line and judges what it
# did, for ctest (tests/cli/CMakeLists.txt generates CONFIG).
#
#   cmake -DCONFIG=path/to/NAME.cmake -P run_cli.cmake
#
# CONFIG sets EMULATOR, ARGS, WORK_DIR, EXPECT_STATUS, and optionally
#   EXPECT_STDOUT / EXPECT_STDERR  regular expressions the output must match
#   ONE_LINE                       stderr must be exactly one line
#   JSON                           the --stats-json file ARGS names
#   JSON_KEYS                      keys it must hold, as numbers, and no other
#   CHECK_JSON                     key op value triples (== != < <= > >=)
#   TWICE                          run twice; the JSON must be byte-identical
#
# Every problem found is listed; any problem fails the test.

cmake_minimum_required(VERSION 3.19)	# string(JSON)

if(NOT DEFINED CONFIG OR NOT EXISTS "${CONFIG}")
  message(FATAL_ERROR "run_cli.cmake: -DCONFIG=file is missing or absent")
endif()
include("${CONFIG}")
if(NOT EXISTS "${EMULATOR}")
  message(FATAL_ERROR "i386mm '${EMULATOR}' does not exist: build first")
endif()

set(problems "")
macro(problem text)
  string(APPEND problems "\n  ${text}")
endmacro()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# run(SUFFIX): one run; out/err/status land in VAR_SUFFIX variables.
macro(run suffix)
  execute_process(COMMAND "${EMULATOR}" ${ARGS}
                  WORKING_DIRECTORY "${WORK_DIR}" INPUT_FILE /dev/null
                  OUTPUT_VARIABLE out${suffix} ERROR_VARIABLE err${suffix}
                  RESULT_VARIABLE status${suffix} TIMEOUT 120)
endmacro()

string(JOIN " " shown ${ARGS})
message(STATUS "running: i386mm ${shown}")
run("")
message(STATUS "exit status: ${status}\n-- stdout:\n${out}-- stderr:\n${err}-- end")

if(NOT status MATCHES "^[0-9]+$")
  problem("i386mm did not exit normally: ${status}")
elseif(NOT status EQUAL EXPECT_STATUS)
  problem("exit status ${status}, expected ${EXPECT_STATUS}")
endif()
if(DEFINED EXPECT_STDOUT AND NOT out MATCHES "${EXPECT_STDOUT}")
  problem("stdout does not match '${EXPECT_STDOUT}'")
endif()
if(DEFINED EXPECT_STDERR AND NOT err MATCHES "${EXPECT_STDERR}")
  problem("stderr does not match '${EXPECT_STDERR}'")
endif()
if(ONE_LINE AND NOT err MATCHES "^i386mm: [^\n]+\n$")
  problem("stderr is not exactly one line starting 'i386mm: '")
endif()

# json_number(VAR KEY): the number under KEY, or a problem.
macro(json_number var key)
  set(${var} "")
  string(JSON _type ERROR_VARIABLE _jerr TYPE "${json}" "${key}")
  if(_jerr)
    problem("stats JSON: no key '${key}'")
  elseif(NOT _type STREQUAL "NUMBER")
    problem("stats JSON: '${key}' is a ${_type}, not a number")
  else()
    string(JSON ${var} GET "${json}" "${key}")
  endif()
endmacro()

if(DEFINED JSON)
  if(NOT EXISTS "${WORK_DIR}/${JSON}")
    problem("no stats file ${JSON} was written")
  else()
    file(READ "${WORK_DIR}/${JSON}" json)
    string(JSON members ERROR_VARIABLE jerr LENGTH "${json}")
    if(jerr)
      problem("${JSON} is not one JSON object: ${jerr}")
    else()
      # exactly the expected keys, every one a number
      foreach(key IN LISTS JSON_KEYS)
        json_number(value "${key}")
      endforeach()
      list(LENGTH JSON_KEYS nkeys)
      if(DEFINED JSON_KEYS AND NOT members EQUAL nkeys)
        problem("${JSON} has ${members} keys, expected ${nkeys}")
      endif()
      # nothing lost, whatever the run did
      json_number(boot free_pages_boot)
      json_number(exit free_pages_exit)
      if(NOT boot STREQUAL exit)
        problem("free_pages_exit ${exit} != free_pages_boot ${boot}")
      endif()
      set(ops "==" EQUAL "<" LESS "<=" LESS_EQUAL ">" GREATER
              ">=" GREATER_EQUAL)
      list(LENGTH CHECK_JSON n)
      set(i 0)
      while(i LESS n)
        math(EXPR j "${i} + 1")
        math(EXPR k "${i} + 2")
        list(GET CHECK_JSON ${i} key)
        list(GET CHECK_JSON ${j} op)
        list(GET CHECK_JSON ${k} want)
        json_number(have "${key}")
        if(NOT have STREQUAL "")
          if(op STREQUAL "!=")
            set(ok TRUE)
            if(have EQUAL want)
              set(ok FALSE)
            endif()
          else()
            list(FIND ops "${op}" at)
            math(EXPR at "${at} + 1")
            list(GET ops ${at} keyword)
            set(ok FALSE)
            if(have ${keyword} want)
              set(ok TRUE)
            endif()
          endif()
          if(ok)
            message(STATUS "${key} = ${have}, ${op} ${want}: ok")
          else()
            problem("${key} = ${have}, expected ${op} ${want}")
          endif()
        endif()
        math(EXPR i "${i} + 3")
      endwhile()
    endif()
  endif()
endif()

if(TWICE)
  file(RENAME "${WORK_DIR}/${JSON}" "${WORK_DIR}/first.json")
  run(2)
  if(NOT status2 STREQUAL status OR NOT out2 STREQUAL out)
    problem("second run: status ${status2} or stdout differs from the first")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
                          "${WORK_DIR}/first.json" "${WORK_DIR}/${JSON}"
                  RESULT_VARIABLE differ)
  if(differ)
    problem("the two runs wrote different stats JSON (first.json, ${JSON})")
  else()
    message(STATUS "both runs wrote the same ${JSON}, byte for byte")
  endif()
endif()

if(NOT problems STREQUAL "")
  message(FATAL_ERROR "i386mm ${shown} failed:${problems}")
endif()

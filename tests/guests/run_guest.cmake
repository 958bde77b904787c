# run_guest.cmake - runs one guest program and judges it, for ctest.
#
#   cmake -DMODE=native|emulator [-DEMULATOR=path/to/i386mm]
#         -DCONFIG=path/to/NAME.cmake -P run_guest.cmake
#
# CONFIG, written by add_guest_test at configure time, sets GUEST_NAME,
# GUEST, GUEST_ARGS, I386MM_ARGS, EXPECT_STDOUT_FILE, EXPECT_STATUS,
# CHECK_JSON (key op value triples), WORK_DIR, TIMEOUT, and the root's
# files as path/value pairs: SETUP_FILES (text), SETUP_SYMLINKS (target)
# and SETUP_GUESTS (a program copied, its mode kept), made before the
# run; EXPECT_FILES (a file holding the exact bytes) and
# EXPECT_FILES_SHA256 (a digest), checked after it.
#
# native:   sh -c '"$@"; exit $?' GUEST ARGS, so a guest killed by SIGSEGV
#           gives the shell's 139, as a user would see it.
# emulator: i386mm run --stats-json stats.json I386MM_ARGS GUEST ARGS, run
#           directly: the emulator must itself report 128+signal, and a
#           crash of the emulator is never mistaken for the guest's death.
#           Then the stats JSON must show nothing lost (free_pages_exit ==
#           free_pages_boot, swap_used_exit == 0) and pass CHECK_JSON.
#
# Every problem found is listed; any problem fails the test.

cmake_minimum_required(VERSION 3.19)	# string(JSON)

if(NOT DEFINED CONFIG OR NOT EXISTS "${CONFIG}")
  message(FATAL_ERROR "run_guest.cmake: -DCONFIG=file is missing or absent")
endif()
include("${CONFIG}")
if(NOT EXISTS "${GUEST}")
  message(FATAL_ERROR "guest program ${GUEST} does not exist: build first")
endif()

# problems: one indented line per problem found.
set(problems "")
macro(problem text)
  string(APPEND problems "\n  ${text}")
endmacro()

# A fresh scratch directory per test: the guest's cwd and root, where the
# stats file and any swap file named by a relative path go. It may hold
# symlinks to "/" (SETUP_SYMLINK): file(REMOVE_RECURSE) removes a link
# without following it (checked on CMake 3.25), here and at the end.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(stats "${WORK_DIR}/stats.json")

# The root as the test sets it up: files with their text, then symlinks
# (made as given, dangling or not: the guest judges where they lead).
list(LENGTH SETUP_FILES n)
set(i 0)
while(i LESS n)
  math(EXPR j "${i} + 1")
  list(GET SETUP_FILES ${i} path)
  list(GET SETUP_FILES ${j} text)
  file(WRITE "${WORK_DIR}/${path}" "${text}")
  math(EXPR i "${i} + 2")
endwhile()
list(LENGTH SETUP_SYMLINKS n)
set(i 0)
while(i LESS n)
  math(EXPR j "${i} + 1")
  list(GET SETUP_SYMLINKS ${i} path)
  list(GET SETUP_SYMLINKS ${j} target)
  get_filename_component(dir "${WORK_DIR}/${path}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  file(CREATE_LINK "${target}" "${WORK_DIR}/${path}" SYMBOLIC
       RESULT link_rc)
  if(NOT link_rc STREQUAL "0")
    message(FATAL_ERROR "cannot make the symlink ${path} -> ${target}: "
                        "${link_rc}")
  endif()
  math(EXPR i "${i} + 2")
endwhile()

list(LENGTH SETUP_GUESTS n)
set(i 0)
while(i LESS n)
  math(EXPR j "${i} + 1")
  list(GET SETUP_GUESTS ${i} path)
  list(GET SETUP_GUESTS ${j} program)
  if(NOT EXISTS "${program}")
    message(FATAL_ERROR "guest program ${program} does not exist: build "
                        "first")
  endif()
  file(COPY_FILE "${program}" "${WORK_DIR}/${path}" RESULT copy_rc)
  if(NOT copy_rc STREQUAL "0")
    message(FATAL_ERROR "cannot copy ${program} to ${path}: ${copy_rc}")
  endif()
  math(EXPR i "${i} + 2")
endwhile()

if(MODE STREQUAL "native")
  # Lines, not ";": a CMake list would split the script. No core files.
  set(script "ulimit -c 0\n\"$@\"\nexit $?")
  set(cmd sh -c "${script}" sh "${GUEST}" ${GUEST_ARGS})
elseif(MODE STREQUAL "emulator")
  if(NOT EXISTS "${EMULATOR}")
    message(FATAL_ERROR "emulator '${EMULATOR}' does not exist")
  endif()
  set(cmd "${EMULATOR}" run --stats-json "${stats}" ${I386MM_ARGS}
      "${GUEST}" ${GUEST_ARGS})
else()
  message(FATAL_ERROR "run_guest.cmake: MODE must be native or emulator")
endif()

string(JOIN " " shown ${cmd})
string(REPLACE "\n" "; " shown "${shown}")
message(STATUS "running: ${shown}")
execute_process(COMMAND ${cmd}
                WORKING_DIRECTORY "${WORK_DIR}" INPUT_FILE /dev/null
                OUTPUT_VARIABLE out ERROR_VARIABLE err
                RESULT_VARIABLE status TIMEOUT ${TIMEOUT})
if(NOT err STREQUAL "")
  message(STATUS "stderr:\n${err}")
endif()

# Exit status: a number, or CMake's text when the process itself was
# killed or timed out (never the guest's death in emulator mode).
if(NOT status MATCHES "^[0-9]+$")
  problem("${MODE} run did not exit normally: ${status}")
elseif(NOT status EQUAL EXPECT_STATUS)
  problem("exit status ${status}, expected ${EXPECT_STATUS}")
endif()

# Standard output, byte for byte.
if(NOT EXISTS "${EXPECT_STDOUT_FILE}")
  problem("expected stdout file ${EXPECT_STDOUT_FILE} does not exist")
else()
  file(READ "${EXPECT_STDOUT_FILE}" expected)
endif()
if(DEFINED expected AND NOT out STREQUAL expected)
  message(STATUS "expected stdout:\n${expected}-- stdout:\n${out}-- end")
  problem("stdout differs from ${EXPECT_STDOUT_FILE} (both shown above)")
endif()

# The root's files after the run: exact bytes, or a SHA-256 digest. A
# missing file is a problem, not an error of this script.
list(LENGTH EXPECT_FILES n)
set(i 0)
while(i LESS n)
  math(EXPR j "${i} + 1")
  list(GET EXPECT_FILES ${i} path)
  list(GET EXPECT_FILES ${j} want_file)
  set(got_file "${WORK_DIR}/${path}")
  if(NOT EXISTS "${got_file}" OR IS_DIRECTORY "${got_file}")
    problem("the root holds no file ${path} after the run")
  else()
    file(SHA256 "${got_file}" got)
    file(SHA256 "${want_file}" want)
    if(got STREQUAL want)
      message(STATUS "file ${path}: as ${want_file}: ok")
    else()
      file(READ "${got_file}" got_text LIMIT 400)
      message(STATUS "file ${path} begins:\n${got_text}-- end")
      problem("file ${path} differs from ${want_file}")
    endif()
  endif()
  math(EXPR i "${i} + 2")
endwhile()
list(LENGTH EXPECT_FILES_SHA256 n)
set(i 0)
while(i LESS n)
  math(EXPR j "${i} + 1")
  list(GET EXPECT_FILES_SHA256 ${i} path)
  list(GET EXPECT_FILES_SHA256 ${j} want)
  set(got_file "${WORK_DIR}/${path}")
  if(NOT EXISTS "${got_file}" OR IS_DIRECTORY "${got_file}")
    problem("the root holds no file ${path} after the run")
  else()
    file(SHA256 "${got_file}" got)
    if(got STREQUAL want)
      message(STATUS "file ${path}: SHA-256 ${want}: ok")
    else()
      file(SIZE "${got_file}" got_size)
      problem("file ${path} (${got_size} bytes) has SHA-256 ${got}, "
              "expected ${want}")
    endif()
  endif()
  math(EXPR i "${i} + 2")
endwhile()

# json_number(VAR KEY): the number under KEY in stats, or a problem.
macro(json_number var key)
  set(${var} "")
  string(JSON _type ERROR_VARIABLE _jerr TYPE "${json}" "${key}")
  if(_jerr)
    problem("stats JSON: no key '${key}' (${_jerr})")
  elseif(NOT _type STREQUAL "NUMBER")
    problem("stats JSON: '${key}' is a ${_type}, not a number")
  else()
    string(JSON ${var} GET "${json}" "${key}")
  endif()
endmacro()

# check_json(KEY OP VALUE): one condition on the stats; OP is one of
# == != < <= > >=, compared as numbers.
function(check_json key op value)
  set(keywords "==" EQUAL "!=" EQUAL "<" LESS "<=" LESS_EQUAL
               ">" GREATER ">=" GREATER_EQUAL)
  set(actual "")
  list(FIND keywords "${op}" at)
  math(EXPR odd "${at} % 2")
  if(at LESS 0 OR odd)
    problem("CHECK_JSON: unknown operator '${op}'")
  else()
    json_number(actual "${key}")
  endif()
  if(NOT actual STREQUAL "")
    math(EXPR at "${at} + 1")
    list(GET keywords ${at} keyword)
    set(ok FALSE)
    if(actual ${keyword} value)
      set(ok TRUE)
    endif()
    if(op STREQUAL "!=")
      if(ok)
        set(ok FALSE)
      else()
        set(ok TRUE)
      endif()
    endif()
    if(ok)
      message(STATUS "${key} = ${actual}, ${op} ${value}: ok")
    else()
      problem("${key} = ${actual}, expected ${op} ${value}")
    endif()
  endif()
  set(problems "${problems}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "emulator")
  if(NOT EXISTS "${stats}")
    problem("i386mm wrote no stats file ${stats}")
  else()
    file(READ "${stats}" json)
    string(JSON _len ERROR_VARIABLE _jerr LENGTH "${json}")
    if(_jerr)
      problem("stats file ${stats} is not a JSON object: ${_jerr}")
    else()
      # Nothing lost: every frame and swap slot back once all exited.
      json_number(boot free_pages_boot)
      if(NOT boot STREQUAL "")
        check_json(free_pages_exit == ${boot})
      endif()
      check_json(swap_used_exit == 0)
      list(LENGTH CHECK_JSON n)
      set(i 0)
      while(i LESS n)
        math(EXPR j "${i} + 1")
        math(EXPR k "${i} + 2")
        list(GET CHECK_JSON ${i} key)
        list(GET CHECK_JSON ${j} op)
        list(GET CHECK_JSON ${k} value)
        check_json("${key}" "${op}" "${value}")
        math(EXPR i "${i} + 3")
      endwhile()
    endif()
  endif()
endif()

if(NOT problems STREQUAL "")
  message(FATAL_ERROR "guest ${GUEST_NAME} (${MODE}) failed:${problems}")
endif()

# Passed: keep the stats for inspection, drop anything large (swap files).
file(GLOB leftovers "${WORK_DIR}/*")
list(REMOVE_ITEM leftovers "${stats}")
if(leftovers)
  file(REMOVE_RECURSE ${leftovers})
endif()
message(STATUS "guest ${GUEST_NAME} (${MODE}): ok")

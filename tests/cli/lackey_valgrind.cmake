# lackey_valgrind.cmake - a real valgrind run imported: runs
# `valgrind --tool=lackey --trace-mem=yes` on HOST, imports the log with
# `i386mm trace import --from lackey`, and checks that `trace info` and
# `trace dump` hold one access per I, L and S line and two per M line,
# plus one for each access the import split at a page boundary.
#
#   cmake -DEMULATOR=i386mm -DVALGRIND=valgrind -DHOST=prog
#         -DWORK_DIR=dir -P lackey_valgrind.cmake

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(log "${WORK_DIR}/lackey.log")
set(trace "${WORK_DIR}/lackey.trace")

execute_process(COMMAND "${VALGRIND}" --tool=lackey --trace-mem=yes
                        "--log-file=${log}" "${HOST}"
                RESULT_VARIABLE status TIMEOUT 240)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "valgrind exited with ${status}")
endif()

# The log's lines by kind.
foreach(op I L S M)
  if(op STREQUAL "I")
    set(re "^I  [0-9a-f]+,[0-9]+$")
  else()
    set(re "^ ${op} [0-9a-f]+,[0-9]+$")
  endif()
  file(STRINGS "${log}" lines REGEX "${re}")
  list(LENGTH lines n${op})
  message(STATUS "${op} lines: ${n${op}}")
endforeach()
if(nI LESS 1000 OR nL LESS 100 OR nS LESS 100 OR nM LESS 1)
  message(FATAL_ERROR "the lackey log has too few lines to judge")
endif()

execute_process(COMMAND "${EMULATOR}" trace import --from lackey "${log}"
                        -o "${trace}"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
message(STATUS "import: ${status}\n${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "trace import exited with ${status}")
endif()
if(NOT out MATCHES "lines   I=${nI} L=${nL} S=${nS} M=${nM}\n")
  message(FATAL_ERROR "the import did not count the lines as they are")
endif()
if(NOT out MATCHES "split   R=([0-9]+) W=([0-9]+) X=([0-9]+)")
  message(FATAL_ERROR "no split line in the import's summary")
endif()
# lackey_host.c's read-modify-write across a page must have been split.
if(CMAKE_MATCH_1 LESS 1 OR CMAKE_MATCH_2 LESS 1)
  message(FATAL_ERROR "no load and store was split at a page boundary")
endif()
math(EXPR want_r "${nL} + ${nM} + ${CMAKE_MATCH_1}")
math(EXPR want_w "${nS} + ${nM} + ${CMAKE_MATCH_2}")
math(EXPR want_x "${nI} + ${CMAKE_MATCH_3}")
math(EXPR want_accesses "${want_r} + ${want_w} + ${want_x}")
math(EXPR want_records "${want_accesses} + 1")

execute_process(COMMAND "${EMULATOR}" trace info "${trace}"
                OUTPUT_VARIABLE info RESULT_VARIABLE status)
message(STATUS "info: ${status}\n${info}")
set(problems "")
foreach(want "kind          imported\n"
             "source        lackey ${log}\n"
             "records       ${want_records}\n"
             "  RUN         1\n"
             "accesses      R=${want_r} W=${want_w} X=${want_x}\n"
             "signal=0 unknown=${want_accesses}\n")
  string(FIND "${info}" "${want}" at)
  if(at EQUAL -1)
    string(APPEND problems "\n  trace info lacks '${want}'")
  endif()
endforeach()

execute_process(COMMAND "${EMULATOR}" trace dump "${trace}"
                OUTPUT_VARIABLE dump RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  string(APPEND problems "\n  trace dump exited with ${status}")
endif()
foreach(kind R W X)
  string(REGEX MATCHALL "ACCESS pid=1 ${kind} 0x[0-9a-f]+ size=[0-8] unknown\n"
         found "${dump}")
  list(LENGTH found n)
  string(TOLOWER ${kind} k)
  if(NOT n EQUAL want_${k})
    string(APPEND problems "\n  dump: ${n} ${kind} accesses, want ${want_${k}}")
  endif()
endforeach()
# The first fetch of the program, below 4 GiB, keeps its address.
file(STRINGS "${log}" first REGEX "^I  [0-9a-f]+,[0-9]+$" LIMIT_COUNT 1)
string(REGEX REPLACE "^I  0*([0-9a-f]+),.*" "\\1" addr "${first}")
string(REGEX MATCH "ACCESS pid=1 X 0x0*([0-9a-f]+) " fx "${dump}")
if(NOT CMAKE_MATCH_1 STREQUAL addr)
  string(APPEND problems "\n  first fetch 0x${CMAKE_MATCH_1}, lackey's 0x${addr}")
endif()
if(problems)
  message(FATAL_ERROR "lackey import:${problems}")
endif()

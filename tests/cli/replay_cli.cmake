# replay_cli.cmake - `i386mm replay` on real trace files, for ctest
# (tests/cli/CMakeLists.txt generates CONFIG):
#
#   cmake -DCONFIG=path/to/NAME.cmake -P replay_cli.cmake
#
# CONFIG sets EMULATOR, WORK_DIR and the trace: PAGES, a list of page
# numbers (one read each), or GENERATE n, that many pseudo-random pages
# with locality (a drifting working set, a hot set, a scan), written as
# text and imported with `i386mm trace import --from text`; or RECORD,
# the run options and program of `i386mm run --record t.trace` (a real
# recording). Then, each optional:
#   REFUSE   a regex: `replay --frames 4` must exit 1 with one such line
#   CHECKS   policy frames faults ... : `replay --frames` must print that
#            summary, write it to --stats-json (exactly the documented
#            keys, all numbers), byte-identical on a second run
#   MRC      policy sizes : `replay --mrc` must give, row by row, the
#            faults of a separate --frames run at each size
#   PLOT     tools/plot-mrc, run on the curve: the file must be a PNG
#   STATS    a regex: the first CHECKS run again with --stats and
#            --progress must print the same summary and a table on stderr
#            matching it (--progress: no line on a run this short)
# Every problem found is listed; any problem fails the test.

cmake_minimum_required(VERSION 3.19)

include("${CONFIG}")
set(problems "")
macro(problem text)
  string(APPEND problems "\n  ${text}")
endmacro()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# i386mm(OUT ERR STATUS args...)
function(i386mm out err status)
  execute_process(COMMAND "${EMULATOR}" ${ARGN} WORKING_DIRECTORY "${WORK_DIR}"
                  OUTPUT_VARIABLE o ERROR_VARIABLE e RESULT_VARIABLE s
                  TIMEOUT 120)
  set(${out} "${o}" PARENT_SCOPE)
  set(${err} "${e}" PARENT_SCOPE)
  set(${status} "${s}" PARENT_SCOPE)
endfunction()

# the trace's text: one address a line
set(text "")
set(n 0)
if(DEFINED GENERATE)
  set(x 12345)
  set(base 0)
  foreach(i RANGE 1 ${GENERATE})
    math(EXPR x "(${x} * 1103515245 + 12345) % 2147483648")
    math(EXPR r "${x} / 65536")
    math(EXPR sel "${r} % 10")
    if(sel EQUAL 0)
      math(EXPR page "1000 + ${i}")          # a scan, never again
    elseif(sel LESS 3)
      math(EXPR page "500 + ${r} % 8")       # hot
    else()
      math(EXPR page "${base} + ${r} % 60")  # the working set
    endif()
    math(EXPR drift "${i} % 300")
    if(drift EQUAL 0)
      math(EXPR base "${base} + 20")
    endif()
    math(EXPR addr "${page} * 4096")
    string(APPEND text "${addr}\n")
  endforeach()
  set(n ${GENERATE})
else()
  foreach(page IN LISTS PAGES)
    math(EXPR addr "${page} * 4096 + 8")
    string(APPEND text "${addr}\n")
    math(EXPR n "${n} + 1")
  endforeach()
endif()
if(DEFINED RECORD)
  i386mm(out err status run --record t.trace ${RECORD})
  set(what "run --record")
else()
  file(WRITE "${WORK_DIR}/in.txt" "${text}")
  i386mm(out err status trace import --from text in.txt -o t.trace)
  set(what "trace import")
endif()
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${what} failed (${status}): ${err}")
endif()

if(DEFINED REFUSE)
  i386mm(out err status replay --frames 4 t.trace)
  if(NOT status EQUAL 1 OR NOT err MATCHES "^i386mm: [^\n]*${REFUSE}[^\n]*\n$"
     OR NOT out STREQUAL "")
    problem("refusal: status ${status}, stdout '${out}', stderr '${err}'")
  endif()
endif()

# json_get(VAR FILE KEY)
function(json_get var file key)
  file(READ "${WORK_DIR}/${file}" json)
  string(JSON v ERROR_VARIABLE jerr GET "${json}" "${key}")
  if(jerr)
    set(v "missing")
  endif()
  set(${var} "${v}" PARENT_SCOPE)
endfunction()

# --frames runs, each twice
list(LENGTH CHECKS nchecks)
set(i 0)
while(i LESS nchecks)
  math(EXPR j "${i} + 1")
  math(EXPR k "${i} + 2")
  list(GET CHECKS ${i} policy)
  list(GET CHECKS ${j} frames)
  list(GET CHECKS ${k} faults)
  set(args replay --frames ${frames} --policy ${policy} --stats-json)
  i386mm(out err status ${args} a.json t.trace)
  message(STATUS "replay ${policy} ${frames}: ${status}: ${out}${err}")
  set(want "^${policy}: ${frames} frames, ${n} requests, ${faults} faults, ")
  if(NOT status EQUAL 0 OR NOT out MATCHES "${want}" OR NOT err STREQUAL "")
    problem("${policy} ${frames}: status ${status}, '${out}${err}', "
            "expected '${want}'")
  else()
    # exactly these keys, each a number
    file(READ "${WORK_DIR}/a.json" json)
    string(JSON members LENGTH "${json}")
    set(keys frames records requests hits faults evictions read_requests
        read_faults write_requests write_faults exec_requests exec_faults)
    list(LENGTH keys nkeys)
    if(NOT members EQUAL nkeys)
      problem("${policy} ${frames}: ${members} JSON keys, expected ${nkeys}")
    endif()
    foreach(key IN LISTS keys)
      string(JSON type ERROR_VARIABLE jerr TYPE "${json}" ${key})
      if(jerr OR NOT type STREQUAL "NUMBER")
        problem("${policy} ${frames}: JSON key ${key}: '${type}' ${jerr}")
      endif()
    endforeach()
    json_get(fr a.json frames)
    if(NOT fr EQUAL frames)
      problem("${policy} ${frames}: JSON frames ${fr}")
    endif()
    json_get(req a.json requests)
    json_get(flt a.json faults)
    json_get(hits a.json hits)
    math(EXPR sum "${hits} + ${flt}")
    if(NOT req EQUAL n OR NOT flt EQUAL faults OR NOT sum EQUAL n)
      problem("${policy} ${frames}: JSON requests ${req} faults ${flt} "
              "hits ${hits}, expected ${n} and ${faults}")
    endif()
    i386mm(out2 err2 status2 ${args} b.json t.trace)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
                    "${WORK_DIR}/a.json" "${WORK_DIR}/b.json"
                    RESULT_VARIABLE differ)
    if(differ OR NOT out2 STREQUAL out)
      problem("${policy} ${frames}: a second run differs")
    endif()
  endif()
  math(EXPR i "${i} + 3")
endwhile()

if(DEFINED STATS)
  list(GET CHECKS 0 policy)
  list(GET CHECKS 1 frames)
  i386mm(out2 err status replay --stats --progress --frames ${frames}
         --policy ${policy} t.trace)
  i386mm(out err3 status3 replay --frames ${frames} --policy ${policy}
         t.trace)
  if(NOT status EQUAL 0 OR NOT out2 STREQUAL out OR NOT err MATCHES "${STATS}")
    problem("--stats: status ${status}, stdout '${out2}', stderr '${err}' "
            "does not match '${STATS}'")
  endif()
endif()

# the curve in one pass against --frames runs
if(DEFINED MRC)
  list(GET MRC 0 policy)
  list(GET MRC 1 sizes)
  i386mm(out err status replay --policy ${policy} --mrc ${sizes} t.trace
         -o m.csv)
  if(NOT status EQUAL 0 OR NOT out STREQUAL "" OR NOT err STREQUAL "")
    problem("--mrc: status ${status}, '${out}${err}'")
  else()
    file(STRINGS "${WORK_DIR}/m.csv" rows)
    list(POP_FRONT rows header)
    if(NOT header STREQUAL "frames,requests,faults,miss_ratio")
      problem("CSV header '${header}'")
    endif()
    list(LENGTH rows nrows)
    message(STATUS "${policy} curve: ${nrows} sizes")
    if(nrows LESS 2)
      problem("CSV has ${nrows} rows")
    endif()
    foreach(row IN LISTS rows)
      string(REPLACE "," ";" f "${row}")
      list(GET f 0 frames)
      list(GET f 1 req)
      list(GET f 2 flt)
      i386mm(out err status replay --frames ${frames} --policy ${policy}
             t.trace)
      if(NOT out MATCHES "^${policy}: ${frames} frames, ${req} requests, ${flt} faults, ")
        problem("size ${frames}: curve '${row}', --frames: '${out}${err}'")
      else()
        message(STATUS "size ${frames}: ${flt} faults, both ways")
      endif()
    endforeach()
    if(DEFINED PLOT)
      execute_process(COMMAND "${PLOT}" m.csv m.png "test"
                      WORKING_DIRECTORY "${WORK_DIR}"
                      RESULT_VARIABLE s ERROR_VARIABLE e)
      if(NOT s EQUAL 0 OR NOT EXISTS "${WORK_DIR}/m.png")
        problem("plot-mrc: status ${s}: ${e}")
      else()
        file(READ "${WORK_DIR}/m.png" sig LIMIT 8 HEX)
        if(NOT sig STREQUAL "89504e470d0a1a0a")
          problem("m.png starts ${sig}, not the PNG signature")
        endif()
      endif()
    endif()
  endif()
endif()

if(NOT problems STREQUAL "")
  message(FATAL_ERROR "replay test failed:${problems}")
endif()

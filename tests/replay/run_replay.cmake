# run_replay.cmake - one record-and-replay test (tests/replay/CMakeLists.txt
# writes its configuration, CONFIG): run GUEST under i386mm with --record, replay
# the trace, and check the replay against the run.
#
#   EMULATOR, WORK_DIR, GUEST, GUEST_ARGS    what runs, and where
#   RUN_ARGS                                 options of `run`
#   MODE            faults | accesses        the kind of trace
#   REPLAY_ARGS                              options of `replay`
#   EXPECT          exact | whatif | diverge
#     exact:   the replay's JSON has every key of the run's but the
#              engine's own, and every value equals the run's
#     whatif:  the replay ends cleanly; SAME keys equal the run's, MORE
#              keys are larger than the run's; with LIKE_ARGS, the guest
#              also runs live on the replay's machine (run LIKE_ARGS) and
#              the LIKE keys of that run equal the replay's
#     diverge: the replay says where it diverged and exits 1
#   Every replay, whatever it expects, loses nothing.

include("${CONFIG}")
set(problems "")
macro(problem text)
  string(APPEND problems "  ${text}\n")
endmacro()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(record --record t.trace)
if(MODE STREQUAL "accesses")
  list(APPEND record --record-accesses)
endif()
execute_process(COMMAND "${EMULATOR}" run ${RUN_ARGS} ${record}
                        --stats-json live.json "${GUEST}" ${GUEST_ARGS}
                WORKING_DIRECTORY "${WORK_DIR}"
                RESULT_VARIABLE run_status
                OUTPUT_VARIABLE run_out ERROR_VARIABLE run_err
                INPUT_FILE /dev/null)
message(STATUS "run ${RUN_ARGS} ${record} ${GUEST} ${GUEST_ARGS}: "
               "status ${run_status}")
if(NOT EXISTS "${WORK_DIR}/t.trace" OR NOT EXISTS "${WORK_DIR}/live.json")
  message(FATAL_ERROR "the recorded run wrote no trace or no JSON:\n"
                      "${run_err}")
endif()

execute_process(COMMAND "${EMULATOR}" replay ${REPLAY_ARGS}
                        --stats-json replay.json t.trace
                WORKING_DIRECTORY "${WORK_DIR}"
                RESULT_VARIABLE status
                OUTPUT_VARIABLE out ERROR_VARIABLE err
                INPUT_FILE /dev/null)
message(STATUS "replay ${REPLAY_ARGS} t.trace: status ${status}\n${err}")

# json_get(VAR JSONTEXT KEY): the value under KEY, or "" if none.
macro(json_get var text key)
  string(JSON ${var} ERROR_VARIABLE _jerr GET "${text}" "${key}")
  if(_jerr)
    set(${var} "")
  endif()
endmacro()

set(engine_only code_pages_mapped code_pages_unmapped code_pages_moved
    window_rebuilds windows_mapped windows_unmapped data_reads data_writes
    emu_starts tb_flushes)

file(READ "${WORK_DIR}/live.json" live)
if(EXISTS "${WORK_DIR}/replay.json")
  file(READ "${WORK_DIR}/replay.json" rep)
else()
  set(rep "{}")
  problem("the replay wrote no JSON")
endif()

if(EXPECT STREQUAL "diverge")
  if(NOT status EQUAL 1)
    problem("exit status ${status}, expected 1")
  endif()
  if(NOT err MATCHES "replay: diverged from the recording at record [0-9]+: ")
    problem("no line saying where the replay diverged")
  endif()
elseif(NOT status EQUAL 0)
  problem("exit status ${status}, expected 0")
endif()

# nothing lost, whatever the replay did
json_get(boot "${rep}" free_pages_boot)
json_get(exit "${rep}" free_pages_exit)
json_get(slots "${rep}" swap_used_exit)
if(boot STREQUAL "" OR NOT boot STREQUAL exit OR NOT slots STREQUAL "0")
  problem("lost: free_pages_boot ${boot}, free_pages_exit ${exit}, "
          "swap_used_exit ${slots}")
endif()

if(EXPECT STREQUAL "exact")
  string(JSON n LENGTH "${live}")
  math(EXPR last "${n} - 1")
  set(compared 0)
  foreach(i RANGE ${last})
    string(JSON key MEMBER "${live}" ${i})
    json_get(want "${live}" "${key}")
    json_get(have "${rep}" "${key}")
    list(FIND engine_only "${key}" engine)
    if(engine GREATER -1)
      if(NOT have STREQUAL "")
        problem("'${key}' is the engine's own, but the replay has it")
      endif()
    elseif(NOT have STREQUAL want)
      problem("${key}: run ${want}, replay '${have}'")
    else()
      math(EXPR compared "${compared} + 1")
    endif()
  endforeach()
  string(JSON m LENGTH "${rep}")
  list(LENGTH engine_only ne)
  math(EXPR expected "${n} - ${ne}")
  if(NOT m EQUAL expected)
    problem("the replay's JSON has ${m} keys, expected ${expected}")
  endif()
  message(STATUS "${compared} counters equal the run's")
endif()

if(EXPECT STREQUAL "whatif")
  foreach(key IN LISTS SAME)
    json_get(want "${live}" "${key}")
    json_get(have "${rep}" "${key}")
    if(want STREQUAL "" OR NOT have STREQUAL want)
      problem("${key}: run ${want}, replay '${have}', expected equal")
    else()
      message(STATUS "${key} = ${have} in both")
    endif()
  endforeach()
  foreach(key IN LISTS MORE)
    json_get(want "${live}" "${key}")
    json_get(have "${rep}" "${key}")
    if(want STREQUAL "" OR have STREQUAL "" OR NOT have GREATER want)
      problem("${key}: run ${want}, replay '${have}', expected more")
    else()
      message(STATUS "${key}: run ${want}, replay ${have}")
    endif()
  endforeach()
endif()

if(EXPECT STREQUAL "whatif" AND DEFINED LIKE_ARGS)
  execute_process(COMMAND "${EMULATOR}" run ${LIKE_ARGS}
                          --stats-json like.json "${GUEST}" ${GUEST_ARGS}
                  WORKING_DIRECTORY "${WORK_DIR}"
                  RESULT_VARIABLE like_status
                  OUTPUT_VARIABLE like_out ERROR_VARIABLE like_err
                  INPUT_FILE /dev/null)
  file(READ "${WORK_DIR}/like.json" like)
  foreach(key IN LISTS LIKE)
    json_get(want "${like}" "${key}")
    json_get(have "${rep}" "${key}")
    if(want STREQUAL "" OR NOT have STREQUAL want)
      problem("${key}: run ${LIKE_ARGS}: ${want}, replay '${have}'")
    else()
      message(STATUS "${key} = ${have}, as a run ${LIKE_ARGS}")
    endif()
  endforeach()
endif()

if(problems)
  message(FATAL_ERROR "record and replay of ${GUEST}:\n${problems}")
endif()

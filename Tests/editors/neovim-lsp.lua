-- End-to-end test of `styrlint lsp` in a real editor: Neovim 0.7 or later, headless,
-- with the built-in client and nothing else (no plugins, no user config).
--
-- Run by scripts/test-neovim.sh, which makes a copy of the example repository and
-- checks the JSON this script writes. By hand:
--
--   STYRLINT_NVIM_BIN=/path/to/styrlint STYRLINT_NVIM_REPO=/copy/of/repo \
--   STYRLINT_NVIM_RESULT=/tmp/result.json \
--     nvim --headless --clean -u NONE -c "luafile Tests/editors/neovim-lsp.lua"
--
-- Written against the API of Neovim 0.7 (vim.lsp.start_client, buf_attach_client, the
-- 0.7 handler signature), so that it runs on Debian bookworm's 0.7.2; the client's
-- functions are called as methods on 0.11 and later. Every wait has a timeout: a server
-- that does not answer makes the script write what it has (with the errors) and quit,
-- never hang.

local uv = vim.uv or vim.loop
-- Neovim 0.11 made the client's functions methods (client:request); 0.7 has only the
-- plain form (client.request).
local methods = vim.fn.has("nvim-0.11") == 1

local bin = assert(vim.env.STYRLINT_NVIM_BIN, "STYRLINT_NVIM_BIN is not set")
local repo = assert(vim.env.STYRLINT_NVIM_REPO, "STYRLINT_NVIM_REPO is not set")
local result_path = assert(vim.env.STYRLINT_NVIM_RESULT, "STYRLINT_NVIM_RESULT is not set")
-- Each answer may take `timeout` ms; all of them together `budget` ms. After one
-- request went unanswered, the others are not sent: the server is considered stuck.
local timeout = tonumber(vim.env.STYRLINT_NVIM_TIMEOUT_MS or "") or 8000
local budget = tonumber(vim.env.STYRLINT_NVIM_BUDGET_MS or "") or 30000
local deadline = (uv.hrtime() / 1e6) + budget
local stuck = nil   -- the first request the server did not answer

-- How long the next wait may take.
local function wait_ms()
  return math.max(0, math.min(timeout, deadline - (uv.hrtime() / 1e6)))
end

local result = { errors = {}, steps = {} }
local client_id, client
local published = {}   -- uri -> number of publishDiagnostics received
local exited = nil     -- {code, signal} once the server process has ended

-- client.NAME(...) on Neovim 0.7–0.10, client:NAME(...) from 0.11 on.
local function call(name, ...)
  if methods then return client[name](client, ...) end
  return client[name](...)
end

local function log(message)
  io.stderr:write("neovim-lsp.lua: " .. message .. "\n")
end

-- The first line of an error, without the "file:line: " that error() puts in front;
-- the whole traceback goes to standard error.
local function fail(step, message)
  message = tostring(message)
  log("ERROR " .. step .. ": " .. message)
  local first = message:match("^[^\n]*"):gsub("^[^:]*%.lua:%d+: ", "")
  table.insert(result.errors, step .. ": " .. first)
end

local function write_result()
  result.neovim = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch
  local file = assert(io.open(result_path, "w"))
  file:write(vim.fn.json_encode(result))
  file:close()
end

-- A request to the server, waited for at most `timeout` ms. Returns result, error.
local function request(method, params, bufnr)
  if not client or exited then return nil, method .. ": not sent, the server is not running" end
  if stuck then return nil, method .. ": not sent, the server did not answer " .. stuck end
  local done, response_err, response = false, nil, nil
  local ok, request_id = call("request", method, params, function(err, res)
    response_err, response, done = err, res, true
  end, bufnr)
  if not ok then return nil, "could not send " .. method end
  local limit = wait_ms()
  if not vim.wait(limit, function() return done or exited ~= nil end, 10) then
    pcall(call, "cancel_request", request_id)
    stuck = method
    return nil, method .. ": no answer within " .. limit .. " ms"
  end
  if not done then return nil, method .. ": the server exited before answering" end
  if response_err then
    return nil, method .. ": error " .. tostring(response_err.code) .. " " .. tostring(response_err.message)
  end
  return response, nil
end

-- One step: runs `body`, records an error instead of stopping the test.
local function step(name, body)
  local ok, message = xpcall(body, debug.traceback)
  result.steps[#result.steps + 1] = name
  if not ok then fail(name, message) end
end

local function uri_of(path) return vim.uri_from_fname(path) end

local function open(relative)
  local path = repo .. "/" .. relative
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = "yaml"
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr, uri_of(path)
end

local function buffer_lines(bufnr) return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) end

-- The 0-based line and character of the first `needle` (plain text) in the buffer, with
-- `offset` added to the character. ASCII lines only, so bytes are UTF-16 units.
local function find(bufnr, needle, offset)
  for index, line in ipairs(buffer_lines(bufnr)) do
    local column = line:find(needle, 1, true)
    if column then return { line = index - 1, character = column - 1 + (offset or 0) } end
  end
  error("not in the buffer: " .. needle)
end

local function diagnostics_of(bufnr)
  return vim.diagnostic.get(bufnr, { namespace = vim.lsp.diagnostic.get_namespace(client_id) })
end

local function wait_for_publish(uri, count)
  if stuck then return false end
  return vim.wait(wait_ms(), function() return (published[uri] or 0) >= count or exited ~= nil end, 20)
    and (published[uri] or 0) >= count
end

local function codes(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do list[#list + 1] = d.code end
  table.sort(list)
  return list
end

-- Definition and references answer Location, Location[] or LocationLink[].
local function locations(answer)
  if answer == nil or answer == vim.NIL then return {} end
  if answer.uri or answer.targetUri then answer = { answer } end
  local list = {}
  for _, l in ipairs(answer) do
    local range = l.targetSelectionRange or l.range
    list[#list + 1] = { uri = l.targetUri or l.uri, line = range.start.line, character = range.start.character }
  end
  return list
end

local function hover_text(contents)
  if type(contents) == "string" then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, part in ipairs(contents) do parts[#parts + 1] = hover_text(part) end
  return table.concat(parts, "\n")
end

local function symbol_names(symbols, into)
  for _, s in ipairs(symbols or {}) do
    into[#into + 1] = s.name
    symbol_names(s.children, into)
  end
  return into
end

-- The code actions offered for the diagnostic of `code` in the buffer.
local function code_actions(bufnr, uri, code)
  local diagnostic
  for _, d in ipairs(diagnostics_of(bufnr)) do
    if d.code == code then diagnostic = d break end
  end
  if not diagnostic then error("no " .. code .. " diagnostic in " .. uri) end
  -- Back to the protocol's form, with the `data` the server matches findings by
  -- (ASCII lines: byte columns are UTF-16 columns).
  local lsp_diagnostic = vim.tbl_extend("force", diagnostic.user_data and diagnostic.user_data.lsp or {}, {
    range = { start = { line = diagnostic.lnum, character = diagnostic.col },
              ["end"] = { line = diagnostic.end_lnum, character = diagnostic.end_col } },
    severity = diagnostic.severity, message = diagnostic.message,
    source = diagnostic.source, code = diagnostic.code,
  })
  local lsp_diagnostics = { lsp_diagnostic }
  local range = lsp_diagnostic.range
  local actions, err = request("textDocument/codeAction", {
    textDocument = { uri = uri }, range = range,
    context = { diagnostics = lsp_diagnostics },
  }, bufnr)
  if err then error(err) end
  return actions or {}, diagnostic.lnum
end

local function apply(action)
  if not action.edit then error("the action has no edit: " .. action.title) end
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
end

local function titles(actions)
  local list = {}
  for _, a in ipairs(actions) do list[#list + 1] = a.title end
  return list
end

local function find_action(actions, prefix)
  for _, a in ipairs(actions) do
    if a.title:sub(1, #prefix) == prefix then return a end
  end
end

local function main()
  pcall(vim.lsp.set_log_level, "WARN")
  client_id = vim.lsp.start_client({
    name = "styrlint",
    cmd = { bin, "lsp" },
    root_dir = repo,
    init_options = { per = "2026-02-15" },
    flags = { debounce_text_changes = 50, exit_timeout = 1000 },
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, params, ctx, config)
        published[params.uri] = (published[params.uri] or 0) + 1
        return vim.lsp.handlers["textDocument/publishDiagnostics"](err, params, ctx, config)
      end,
    },
    on_init = function(_, initialize_result) result.initialize = initialize_result end,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  })
  if not client_id then error("vim.lsp.start_client could not start " .. bin) end
  client = vim.lsp.get_client_by_id(client_id)
  if not vim.wait(wait_ms(), function() return client.initialized or exited ~= nil end, 10)
      or not client.initialized then
    error(exited and ("the server exited during initialize (code " .. tostring(exited.code) .. ")")
      or ("no answer to initialize within " .. timeout .. " ms"))
  end
  local initialize = result.initialize or {}
  result.initialize = nil
  result.server = {
    info = initialize.serverInfo,
    positionEncoding = (initialize.capabilities or {}).positionEncoding,
    offset_encoding = client.offset_encoding,
  }

  local bufnr, uri = open("plans/kfn-2025.yaml")
  result.uri = uri

  step("diagnostics", function()
    if not wait_for_publish(uri, 1) then
      stuck = stuck or "didOpen with diagnostics"
      error("no publishDiagnostics for " .. uri .. " within " .. timeout .. " ms")
    end
    local list = diagnostics_of(bufnr)
    result.diagnostics = { count = #list, codes = codes(list), files = vim.tbl_count(published) }
    for _, d in ipairs(list) do
      if d.code == "RT003" then
        result.diagnostics.rt003 = { line = d.lnum, col = d.col, message = d.message,
          href = d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription
            and d.user_data.lsp.codeDescription.href, source = d.source }
      end
    end
  end)

  local kf2 = find(bufnr, "bidrar_till: [KF2]", #"bidrar_till: [" + 1)   -- on the "F" of KF2
  local position_params = { textDocument = { uri = uri }, position = kf2 }

  step("definition", function()
    local answer, err = request("textDocument/definition", position_params, bufnr)
    if err then error(err) end
    result.definition = locations(answer)
  end)

  step("references", function()
    local params = vim.deepcopy(position_params)
    params.context = { includeDeclaration = true }
    local answer, err = request("textDocument/references", params, bufnr)
    if err then error(err) end
    result.references = locations(answer)
  end)

  step("hover", function()
    local answer, err = request("textDocument/hover", position_params, bufnr)
    if err then error(err) end
    result.hover = (answer and answer ~= vim.NIL) and hover_text(answer.contents) or ""
  end)

  step("completion", function()
    local position = find(bufnr, "bidrar_till: [KF2]", #"bidrar_till: [")   -- right after "["
    local answer, err = request("textDocument/completion", {
      textDocument = { uri = uri }, position = position,
      context = { triggerKind = 2, triggerCharacter = "[" },
    }, bufnr)
    if err then error(err) end
    local items = (answer and answer ~= vim.NIL) and (answer.items or answer) or {}
    result.completion = {}
    for _, item in ipairs(items) do result.completion[#result.completion + 1] = item.label end
  end)

  step("documentSymbol", function()
    local answer, err = request("textDocument/documentSymbol", { textDocument = { uri = uri } }, bufnr)
    if err then error(err) end
    result.document_symbols = symbol_names(answer, {})
  end)

  step("workspaceSymbol", function()
    local answer, err = request("workspace/symbol", { query = "KFN1" }, bufnr)
    if err then error(err) end
    result.workspace_symbols = {}
    for _, s in ipairs(answer or {}) do result.workspace_symbols[#result.workspace_symbols + 1] = s.name end
  end)

  step("codeAction", function()
    local actions, line = code_actions(bufnr, uri, "RT003")
    result.code_action = { titles = titles(actions), line = line, before = buffer_lines(bufnr)[line + 1] }
    local action = find_action(actions, "Undanta RT003")
    if not action then error("no action \"Undanta RT003 …\" among " .. vim.inspect(titles(actions))) end
    result.code_action.applied = action.title
    local before = published[uri] or 0
    local tick = vim.api.nvim_buf_get_changedtick(bufnr)
    apply(action)
    result.code_action.buffer_changed = vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
    result.code_action.lines = { buffer_lines(bufnr)[line + 1], buffer_lines(bufnr)[line + 2] }
    -- The edit reaches the server as didChange; it checks again and publishes. The
    -- comment has no reason yet, so RT003 stays and the missing reason is a finding.
    if wait_for_publish(uri, before + 1) then
      result.code_action.codes_without_reason = codes(diagnostics_of(bufnr))
    else
      fail("codeAction", "no new diagnostics within " .. timeout .. " ms after the edit")
    end
    -- Writing the reason waives the finding.
    local comment = buffer_lines(bufnr)[line + 1]
    vim.api.nvim_buf_set_lines(bufnr, line, line + 1, false, { comment .. "följs upp i mars" })
    result.code_action.lines = { buffer_lines(bufnr)[line + 1], buffer_lines(bufnr)[line + 2] }
    if wait_for_publish(uri, (published[uri] or 0) + 1) then
      result.code_action.codes_after = codes(diagnostics_of(bufnr))
    else
      fail("codeAction", "no new diagnostics within " .. timeout .. " ms after writing the reason")
    end
  end)

  -- MV006 (info) in bun-2025.yaml: BUN3.1 is about pupils but is not könsuppdelad.
  step("codeAction MV006", function()
    local bun, bun_uri = open("plans/bun-2025.yaml")
    -- The first check published findings for every file of the repository, this one too.
    if not wait_for_publish(bun_uri, 1) then error("no publishDiagnostics for " .. bun_uri) end
    local actions, line = code_actions(bun, bun_uri, "MV006")
    result.mv006 = { titles = titles(actions), line = line }
    local action = find_action(actions, "Lägg till könsuppdelad")
    if action then
      apply(action)
      result.mv006.applied = action.title
      local lines = buffer_lines(bun)
      local start = find(bun, "- id: BUN3.1").line
      result.mv006.indicator = vim.list_slice(lines, start + 1, start + 8)
    end
  end)

  step("shutdown", function()
    call("stop")
    if not vim.wait(math.max(wait_ms(), 2000), function() return exited ~= nil end, 20) then
      error("the server did not exit within " .. timeout .. " ms of shutdown and exit")
    end
    result.exit = exited
  end)
end

local ok, message = xpcall(main, debug.traceback)
if not ok then fail("main", message) end
local written, write_error = pcall(write_result)
if not written then log("could not write " .. result_path .. ": " .. tostring(write_error)) end
if client and not exited then pcall(call, "stop", true) end
vim.cmd(written and "qall!" or "cquit 1")

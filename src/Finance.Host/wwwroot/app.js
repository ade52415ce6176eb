// The Finance web chat: a messenger page over the host's /webchat API. Messages go to the same inbox and
// pipeline as Telegram's; replies arrive as server-sent events. Plain JS, no build step, no dependencies.
"use strict";

(() => {
  const keys = { chatId: "finance.chatId", cursor: "finance.cursor", history: "finance.history" };
  const limits = { imageBytes: 20 * 1024 * 1024, audioBytes: 10 * 1024 * 1024, recordingSeconds: 120, history: 60 };
  const language = navigator.language || "en";
  // Where this browser is: a new user's bookings are dated in their own time zone, not the server's guess.
  const timeZone = (() => {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
    } catch {
      return undefined;
    }
  })();
  const pt = language.toLowerCase().startsWith("pt");
  const words = pt
    ? {
        hello: "Olá! Diga o que gastou, por exemplo “café 4,50” ou “uber 23 ontem”. Também pode mandar a foto de um recibo ou um áudio. /undo apaga o último lançamento, /summary mostra a semana.",
        online: "online", reconnecting: "reconectando…", off: "O chat web está desligado neste servidor.",
        failed: "não enviada", retry: "Tentar de novo", tooBig: "Arquivo grande demais: o limite é 20 MB para fotos e 10 MB para áudios.", noMic: "Sem acesso ao microfone.",
        recording: "gravando", photo: "(foto)", voice: "(áudio)", sending: "enviando…", sent: "✓",
        replyingTo: "Respondendo ao Finance", cancelReply: "Cancelar resposta", replyHint: "Toque ou deslize para responder",
      }
    : {
        hello: "Hi! Tell me what you spent, like “coffee 4.50” or “uber 23 yesterday”. You can also send a receipt photo or a voice note. /undo removes the last booking, /summary shows your week.",
        online: "online", reconnecting: "reconnecting…", off: "The web chat is turned off on this host.",
        failed: "not sent", retry: "Retry", tooBig: "That file is too large: the limit is 20 MB for photos and 10 MB for audio.", noMic: "No access to the microphone.",
        recording: "recording", photo: "(photo)", voice: "(voice note)", sending: "sending…", sent: "✓",
        replyingTo: "Replying to Finance", cancelReply: "Cancel reply", replyHint: "Tap or swipe to reply",
      };

  const $ = (id) => document.getElementById(id);
  const scroller = $("scroller"), messages = $("messages"), typing = $("typing"), status = $("status");
  const composer = $("composer"), text = $("text"), photo = $("photo"), attach = $("attach"), record = $("record");
  const replying = $("replying"), replyingQuote = $("replying-quote"), replyingCancel = $("replying-cancel");

  // The page's own words follow the browser's language, like the bot's replies.
  if (pt) {
    document.documentElement.lang = "pt-BR";
    text.placeholder = "café 4,50 na padaria";
    for (const [element, label] of [[attach, "Anexar foto de recibo ou áudio"], [record, "Gravar um áudio"], [$("send"), "Enviar"],
      [replyingCancel, words.cancelReply]]) {
      element.setAttribute("aria-label", label);
      element.title = label;
    }
  }

  $("replying-title").textContent = words.replyingTo;

  let chatId = null;
  // The bot's message the next one answers (like Telegram's reply): { id, text }, or null.
  let replyingTo = null;
  let awaitingReplies = 0;
  let typingTimer = 0;

  // ---- ids and the session ----------------------------------------------------------------------------------

  // crypto.randomUUID exists only on secure pages (https, 127.0.0.1); a LAN address over http has getRandomValues.
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // The chat id is who you are to Finance: the server makes it, this browser keeps it.
  async function openSession() {
    const saved = localStorage.getItem(keys.chatId);
    if (saved && /^[0-9a-f]{32}$/.test(saved)) return saved;
    const response = await fetch("/webchat/session", { method: "POST" });
    if (response.status === 404) throw new TurnedOff();
    if (!response.ok) throw new Error(`session: HTTP ${response.status}`);
    const session = await response.json();
    localStorage.setItem(keys.chatId, session.chatId);
    localStorage.removeItem(keys.cursor);
    localStorage.removeItem(keys.history);
    return session.chatId;
  }

  class TurnedOff extends Error {}

  class Refused extends Error {}

  // ---- rendering ----------------------------------------------------------------------------------------------

  function clock(time) {
    const element = document.createElement("time");
    element.dateTime = time.toISOString();
    element.textContent = time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return element;
  }

  function bubble(from, { text, photoUrl, audioUrl, documentUrl, documentName, time = new Date(), buttons, replyId, quote, remember = true }) {
    const item = document.createElement("li");
    item.className = `bubble ${from}`;
    if (replyId !== undefined && replyId !== null) {
      item.dataset.replyId = String(replyId);
      if (from === "bot") answerable(item);
    }
    if (quote) {
      const quoted = document.createElement("blockquote");
      quoted.className = "quote";
      quoted.textContent = quote;
      item.append(quoted);
    }
    if (photoUrl) {
      const image = document.createElement("img");
      image.src = photoUrl;
      image.alt = from === "bot" ? "Chart from Finance" : "Your photo";
      image.addEventListener("load", scrollDown, { once: true });
      item.append(image);
    }
    if (documentUrl) {
      const link = document.createElement("a");
      link.href = documentUrl;
      link.download = documentName || "finance-export";
      link.textContent = "📎 " + link.download;
      item.append(link);
    }
    if (audioUrl) {
      const audio = document.createElement("audio");
      audio.controls = true;
      audio.src = audioUrl;
      audio.setAttribute("aria-label", "Your voice note");
      item.append(audio);
    }
    if (text) {
      const paragraph = document.createElement("p");
      paragraph.className = "text";
      paragraph.textContent = text; // never innerHTML: replies quote what users typed
      item.append(paragraph);
    }
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.append(clock(time));
    item.append(meta);
    if (buttons?.length) item.append(choices(buttons, replyId));
    messages.append(item);
    scrollDown();
    if (remember) rememberBubble(from, text || (photoUrl ? words.photo : audioUrl ? words.voice : ""), time, replyId, quote);
    return item;
  }

  // ---- replying to a message: tap it, or swipe it to the left, as in Telegram ------------------------------

  function answerable(item) {
    item.classList.add("answerable");
    item.tabIndex = 0;
    item.title = words.replyHint;
    item.addEventListener("click", (event) => {
      // A button, a link or a player in the bubble does its own thing; selecting text is not a tap.
      if (event.target.closest("button, a, audio") || String(window.getSelection?.() || "")) return;
      startReply(item);
    });
    item.addEventListener("keydown", (event) => {
      if (event.target === item && (event.key === "Enter" || event.key === "r")) {
        event.preventDefault();
        startReply(item);
      }
    });
    let startX = null, startY = 0, dx = 0;
    item.addEventListener("pointerdown", (event) => {
      if (event.pointerType === "mouse" || event.target.closest("button, a, audio")) return;
      startX = event.clientX;
      startY = event.clientY;
      dx = 0;
    });
    item.addEventListener("pointermove", (event) => {
      if (startX === null) return;
      dx = Math.min(0, event.clientX - startX);
      // A mostly vertical move is the page scrolling, not a swipe.
      if (Math.abs(event.clientY - startY) > Math.abs(dx)) return;
      item.style.transform = `translateX(${Math.max(dx, -72)}px)`;
    });
    const release = () => {
      if (startX === null) return;
      item.style.transform = "";
      if (dx <= -48) startReply(item);
      startX = null;
    };
    item.addEventListener("pointerup", release);
    item.addEventListener("pointercancel", release);
  }

  function startReply(item) {
    const quote = (item.querySelector(".text")?.textContent || (item.querySelector("img") ? words.photo : "")).trim();
    replyingTo = { id: item.dataset.replyId, text: quote.length > 90 ? quote.slice(0, 89) + "…" : quote };
    replyingQuote.textContent = replyingTo.text;
    replying.hidden = false;
    for (const other of messages.querySelectorAll(".bubble.replied")) other.classList.remove("replied");
    item.classList.add("replied");
    text.focus();
  }

  function stopReply() {
    replyingTo = null;
    replying.hidden = true;
    for (const other of messages.querySelectorAll(".bubble.replied")) other.classList.remove("replied");
  }

  replyingCancel.addEventListener("click", () => {
    stopReply();
    text.focus();
  });

  text.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && replyingTo) stopReply();
  });

  function notice(message) {
    const item = document.createElement("li");
    item.className = "bubble notice";
    item.textContent = message;
    messages.append(item);
    scrollDown();
  }

  function choices(rows, replyId) {
    const group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choices");
    for (const row of rows) {
      const line = document.createElement("div");
      line.className = "row";
      for (const button of row) {
        const element = document.createElement("button");
        element.type = "button";
        element.textContent = button.text;
        element.addEventListener("click", () => {
          for (const other of group.querySelectorAll("button")) other.disabled = true;
          const item = bubble("me", { text: button.text });
          send(item, { callbackData: button.data, replyToMessageId: String(replyId) });
        });
        line.append(element);
      }
      group.append(line);
    }
    return group;
  }

  function setState(item, state, retry) {
    const meta = item.querySelector(".meta");
    meta.querySelector(".state")?.remove();
    const label = document.createElement("span");
    label.className = `state ${state}`;
    label.textContent = words[state];
    if (state === "failed" && retry) {
      const again = document.createElement("button");
      again.type = "button";
      again.textContent = words.retry;
      again.addEventListener("click", retry, { once: true });
      label.append(" · ", again);
    }
    meta.append(label);
  }

  function scrollDown() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  function showTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    // The pipeline retries a failing message for a while; do not pretend to type forever.
    if (on) typingTimer = setTimeout(() => { awaitingReplies = 0; typing.hidden = true; }, 30000);
    scrollDown();
  }

  // A few recent bubbles survive a reload (text only; photos and recordings stay in the moment).
  function savedHistory() {
    try {
      const history = JSON.parse(localStorage.getItem(keys.history) || "[]");
      return Array.isArray(history) ? history : [];
    } catch {
      return []; // a damaged history is not worth a broken page
    }
  }

  function rememberBubble(from, text, time, replyId, quote) {
    const history = savedHistory();
    history.push({ from, text, time: time.toISOString(), replyId: from === "bot" ? replyId : undefined, quote });
    localStorage.setItem(keys.history, JSON.stringify(history.slice(-limits.history)));
  }

  function restoreHistory() {
    const history = savedHistory();
    // A restored answer can still be replied to: its id is the one the server knows it by.
    for (const { from, text, time, replyId, quote } of history) bubble(from, { text, time: new Date(time), replyId, quote, remember: false });
    if (history.length === 0) bubble("bot", { text: words.hello, remember: false });
  }

  // ---- sending ------------------------------------------------------------------------------------------------

  // Network errors and 5xx are tried again with the same message id; the server books it once.
  async function post(body) {
    const isForm = body instanceof FormData;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch("/webchat/messages", isForm
          ? { method: "POST", body }
          : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        if (response.ok) return;
        if (response.status < 500) throw new Refused(await reason(response));
        if (attempt >= 4) throw new Error(`HTTP ${response.status}`);
      } catch (error) {
        if (error instanceof Refused || attempt >= 4) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 400 * 2 ** attempt));
    }
  }

  async function reason(response) {
    if (response.status === 413) return words.tooBig;
    try {
      return (await response.json()).detail || `HTTP ${response.status}`;
    } catch {
      return `HTTP ${response.status}`;
    }
  }

  function send(item, fields, file) {
    const messageId = uuid();
    const attempt = async () => {
      setState(item, "sending");
      try {
        if (file) {
          // The ids first: the server checks them before it reads the file.
          const form = new FormData();
          form.append("chatId", chatId);
          form.append("messageId", messageId);
          form.append("language", language);
          if (timeZone) form.append("timeZone", timeZone);
          for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
          form.append("file", file, file.name);
          await post(form);
        } else {
          await post({ chatId, messageId, language, timeZone, ...fields });
        }
        setState(item, "sent");
        awaitingReplies++;
        showTyping(true);
      } catch (error) {
        setState(item, "failed", attempt);
        if (error instanceof Refused) notice(error.message);
      }
    };
    return attempt();
  }

  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = text.value.trim();
    if (!value || !chatId) return;
    text.value = "";
    const answering = replyingTo;
    stopReply();
    send(bubble("me", { text: value, quote: answering?.text }), { text: value, replyToMessageId: answering?.id });
  });

  attach.addEventListener("click", () => photo.click());

  photo.addEventListener("change", () => {
    const file = photo.files?.[0];
    photo.value = "";
    if (!file || !chatId) return;
    // An audio file (a voice memo saved on the phone) goes the way of a recorded voice note.
    const isAudio = (file.type || "").startsWith("audio/");
    if (file.size > (isAudio ? limits.audioBytes : limits.imageBytes)) return notice(words.tooBig);
    // What is in the box goes along as the caption ("lunch with Ana").
    const caption = text.value.trim();
    text.value = "";
    const answering = replyingTo;
    stopReply();
    // An audio file plays in its bubble, an image shows itself, a statement file shows as its name.
    const url = URL.createObjectURL(file);
    const isImage = (file.type || "image/jpeg").startsWith("image/");
    const item = bubble("me", isAudio ? { audioUrl: url, text: caption, quote: answering?.text }
      : isImage ? { photoUrl: url, text: caption, quote: answering?.text } : { text: `📎 ${file.name} ${caption}`.trim(), quote: answering?.text });
    send(item, { text: caption, replyToMessageId: answering?.id }, new File([file], file.name || (isAudio ? "voice" : "photo"),
      { type: file.type || (isImage ? "image/jpeg" : "application/octet-stream") }));
  });

  // ---- voice notes --------------------------------------------------------------------------------------------

  // Opus in Ogg or WebM, whichever this browser records; the server decodes either with ffmpeg.
  const recordingType = ["audio/ogg;codecs=opus", "audio/webm;codecs=opus", "audio/webm", "audio/mp4"]
    .find((type) => window.MediaRecorder?.isTypeSupported?.(type));
  let recorder = null;
  let recordingTimer = 0;

  if (!window.MediaRecorder || !navigator.mediaDevices?.getUserMedia) {
    record.disabled = true;
    record.title = "Voice notes need a microphone and a secure page (https, or http://127.0.0.1)";
  }

  function setRecording(on) {
    record.classList.toggle("recording", on);
    record.setAttribute("aria-pressed", String(on));
    record.setAttribute("aria-label", on ? (pt ? "Parar e enviar" : "Stop recording and send") : (pt ? "Gravar um áudio" : "Record a voice note"));
    clearInterval(recordingTimer);
    if (on) {
      const started = Date.now();
      recordingTimer = setInterval(() => {
        const seconds = Math.floor((Date.now() - started) / 1000);
        status.textContent = `${words.recording} ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
        if (seconds >= limits.recordingSeconds) recorder?.stop();
      }, 250);
    } else {
      status.textContent = document.body.dataset.connection === "open" ? words.online : words.reconnecting;
    }
  }

  record.addEventListener("click", async () => {
    if (recorder?.state === "recording") return recorder.stop();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      return notice(words.noMic);
    }
    const chunks = [];
    recorder = new MediaRecorder(stream, recordingType ? { mimeType: recordingType } : undefined);
    recorder.addEventListener("dataavailable", (event) => event.data.size && chunks.push(event.data));
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      setRecording(false);
      const type = (recorder.mimeType || recordingType || "audio/webm").split(";")[0];
      const blob = new Blob(chunks, { type });
      if (blob.size === 0) return;
      if (blob.size > limits.audioBytes) return notice(words.tooBig);
      const extension = type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : "webm";
      const answering = replyingTo;
      stopReply();
      const item = bubble("me", { audioUrl: URL.createObjectURL(blob), quote: answering?.text });
      send(item, { replyToMessageId: answering?.id }, new File([blob], `voice.${extension}`, { type }));
    });
    recorder.start();
    setRecording(true);
  });

  // ---- replies ------------------------------------------------------------------------------------------------

  function connected(open) {
    document.body.dataset.connection = open ? "open" : "closed";
    if (recorder?.state !== "recording") status.textContent = open ? words.online : words.reconnecting;
  }

  function listen() {
    const after = localStorage.getItem(keys.cursor) || "0";
    const events = new EventSource(`/webchat/events?chat=${chatId}&after=${encodeURIComponent(after)}`);
    events.addEventListener("ping", () => connected(true));
    events.addEventListener("reply", (event) => {
      connected(true);
      const reply = JSON.parse(event.data);
      // A reconnect may replay what this page already showed.
      if (reply.id <= Number(localStorage.getItem(keys.cursor) || 0)) return;
      localStorage.setItem(keys.cursor, String(reply.id));
      awaitingReplies = Math.max(0, awaitingReplies - 1);
      showTyping(awaitingReplies > 0);
      bubble("bot", {
        text: reply.text, photoUrl: reply.photo, documentUrl: reply.document, documentName: reply.documentName,
        time: new Date(reply.sentAt), buttons: reply.buttons, replyId: reply.id,
      });
    });
    events.addEventListener("error", () => {
      connected(false);
      // EventSource reconnects by itself unless the server refused the stream; then start over shortly.
      if (events.readyState === EventSource.CLOSED) setTimeout(listen, 3000);
    });
  }

  async function start() {
    for (const control of composer.elements) control.disabled = true;
    try {
      chatId = await openSession();
    } catch (error) {
      status.textContent = error instanceof TurnedOff ? words.off : words.reconnecting;
      if (error instanceof TurnedOff) return notice(words.off);
      return setTimeout(start, 3000);
    }
    for (const control of composer.elements) control.disabled = false;
    if (!window.MediaRecorder || !navigator.mediaDevices?.getUserMedia) record.disabled = true;
    restoreHistory();
    listen();
    text.focus();
  }

  start();
})();

-- The booking's repeat check ("the same thing booked moments ago?") wants the acting user's bookings of the last
-- minutes. By id it could only take their latest 50 rows and filter them, so every booking read 50 rows of a user with
-- a history, almost none of them recent. Keyed by time it reads only the rows of the window (usually none). The other
-- readers of the old index search it by context (the booking a reply or undo names) or by author and time (recent
-- bookings), which this one serves as well.
CREATE INDEX transactions_by_author_time ON transactions (context_id, created_by, created_at);
DROP INDEX transactions_by_author;

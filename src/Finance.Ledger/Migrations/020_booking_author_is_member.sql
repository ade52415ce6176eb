-- A booking's author is a member of its context: one foreign key to the membership instead of one to the context
-- and one to the user. It holds more than the two did (the author belongs to that very context, and the membership
-- row references both), and the booking INSERT, the most frequent write, checks and locks one row instead of two.
-- Members are never removed today; a way to leave a context must keep the membership row (marked) for the history.
ALTER TABLE transactions ADD CONSTRAINT transactions_author_is_member
    FOREIGN KEY (context_id, created_by) REFERENCES context_members (context_id, user_id);
ALTER TABLE transactions DROP CONSTRAINT transactions_context_id_fkey, DROP CONSTRAINT transactions_created_by_fkey;

-- ID, phone and bank-card numbers written inside a petition's text or title are kept out of the clear
-- text: the stored text carries placeholders ([手机号1]) and `sealed` holds the originals, AES-256-GCM
-- encrypted like the petitioner's fields (cases/sealed-text.ts). NULL when nothing was sealed.
ALTER TABLE petitions ADD COLUMN sealed TEXT;

create sequence greeting_seq start with 1 increment by 50;
create table greeting (id bigint primary key, text text);
